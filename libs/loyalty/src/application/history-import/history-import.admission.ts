import { Injectable } from '@nestjs/common';
import { UploadAdmission } from '@loyalty/shared';
import { requireRole, TokenService } from '@loyalty/tenancy';
import { HistoryImportRunner } from './history-import.runner';

/**
 * Reads a history upload's body (up to 16 MiB held on the platform's heap) only for a merchant
 * admin's valid token while this server has an import slot free: anyone else, or any upload while
 * another import runs, is refused before the body arrives. Uploads that pass together while a slot
 * is free are still read together; the use case then takes the slot for one of them.
 */
@Injectable()
export class HistoryImportAdmission extends UploadAdmission {
  constructor(
    private readonly tokens: TokenService,
    private readonly runner: HistoryImportRunner,
  ) {
    super();
  }

  async admit(request: Parameters<UploadAdmission['admit']>[0]): Promise<void> {
    const ctx = await this.tokens.verifyBearer(request.headers.authorization, request.id);
    requireRole(ctx, 'MERCHANT_ADMIN');
    this.runner.refuseWhenBusy();
  }
}
