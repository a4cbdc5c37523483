import { startService } from '@loyalty/host';
import { SettlementServiceModule } from './settlement-service.module';

startService({
  title: 'Settlement service',
  root: (options) => SettlementServiceModule.forRoot(options),
  endpoints: (base) => [`GraphQL ${base}/graphql`, `Statement export ${base}/api/settlement/v1/statements/:id/export?format=csv|json`],
});
