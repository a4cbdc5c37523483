import { startService } from '@loyalty/host';
import { ClearingServiceModule } from './clearing-service.module';

startService({
  title: 'Clearing service',
  root: (options) => ClearingServiceModule.forRoot(options),
  endpoints: (base) => [`GraphQL ${base}/graphql`],
});
