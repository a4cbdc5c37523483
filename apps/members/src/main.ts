import { startService } from '@loyalty/host';
import { MembersServiceModule } from './members-service.module';

startService({
  title: 'Members service',
  root: (options) => MembersServiceModule.forRoot(options),
  endpoints: (base) => [`GraphQL ${base}/graphql`, `POS API ${base}/api/pos/v1   OpenAPI ${base}/api/docs`],
});
