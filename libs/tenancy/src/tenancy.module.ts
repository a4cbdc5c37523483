import { Module } from '@nestjs/common';
import { CreateAllianceHandler } from './application/commands/create-alliance.command';
import { CreateMerchantHandler } from './application/commands/create-merchant.command';
import { CreateStaffHandler } from './application/commands/create-staff.command';
import { CreateStoreHandler } from './application/commands/create-store.command';
import { IssuePosApiKeyHandler } from './application/commands/issue-pos-api-key.command';
import { LoginHandler } from './application/commands/login.command';
import { RevokePosApiKeyHandler } from './application/commands/revoke-pos-api-key.command';
import { UpdateMerchantSettingsHandler } from './application/commands/update-merchant-settings.command';
import {
  GetStaffHandler,
  ListAlliancesHandler,
  GetMerchantHandler,
  ListEarnRuleVersionsHandler,
  ListMerchantsHandler,
  ListPosApiKeysHandler,
  ListStaffHandler,
  ListStoresHandler,
} from './application/queries/tenancy.queries';
import { MerchantFieldsResolver, TenancyResolver } from './api/graphql/tenancy.resolver';
import { PosApiKeyGuard } from './auth/guards';
import { PosAuthenticator } from './auth/pos-authenticator';
import { StaffAuthModule } from './auth/staff-auth.module';
import { MerchantDirectory } from './contracts/merchant-directory';

/** Alliances, merchants, stores, staff and POS keys; login and the guards other contexts use. */
@Module({
  imports: [StaffAuthModule],
  providers: [
    CreateAllianceHandler,
    CreateMerchantHandler,
    UpdateMerchantSettingsHandler,
    CreateStoreHandler,
    CreateStaffHandler,
    IssuePosApiKeyHandler,
    RevokePosApiKeyHandler,
    LoginHandler,
    ListAlliancesHandler,
    ListMerchantsHandler,
    GetMerchantHandler,
    ListEarnRuleVersionsHandler,
    ListStoresHandler,
    ListStaffHandler,
    ListPosApiKeysHandler,
    GetStaffHandler,
    TenancyResolver,
    MerchantFieldsResolver,
    PosAuthenticator,
    PosApiKeyGuard,
    MerchantDirectory,
  ],
  exports: [StaffAuthModule, PosAuthenticator, PosApiKeyGuard, MerchantDirectory],
})
export class TenancyModule {}
