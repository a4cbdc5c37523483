import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, isUniqueViolation } from '@loyalty/database';
import { badRequest, conflict, forbidden, newId, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { AllianceSchema } from '../../domain/alliance.entity';
import { MerchantSchema } from '../../domain/merchant.entity';
import { type Staff, type StaffRole, StaffSchema } from '../../domain/staff.entity';
import { StoreSchema } from '../../domain/store.entity';
import { requireRole } from '../../auth/access';
import { hashPassword } from '../../auth/password-hasher';
import { createStaffInput } from '../tenancy-inputs';

export class CreateStaffCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Which roles each role may hand out. */
const GRANTABLE: Record<string, StaffRole[]> = {
  PLATFORM_ADMIN: ['PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF'],
  ALLIANCE_OPERATOR: ['ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF'],
  MERCHANT_ADMIN: ['MERCHANT_ADMIN', 'STORE_STAFF'],
};

@CommandHandler(CreateStaffCommand)
export class CreateStaffHandler implements ICommandHandler<CreateStaffCommand, Staff> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreateStaffCommand): Promise<Staff> {
    requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(createStaffInput, input);
    if (!ctx.roles.some((role) => GRANTABLE[role]?.includes(data.role))) throw forbidden(`Cannot grant role ${data.role}`);
    const passwordHash = await hashPassword(data.password);
    try {
      return await this.db.asActor(ctx, async (tx) => {
        const scope = await this.resolveScope(tx, ctx, data);
        const staff = tx.create(StaffSchema, {
          id: newId(),
          ...scope,
          email: data.email,
          name: data.name,
          passwordHash,
          role: data.role,
          createdAt: new Date(),
        });
        await tx.flush();
        return staff;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('EMAIL_TAKEN', 'A staff account with this e-mail exists');
      throw error;
    }
  }

  /** The tenant, merchant and store a new account belongs to, from what its role needs. */
  private async resolveScope(tx: Parameters<Parameters<Db['asSystem']>[0]>[0], ctx: RequestContext, data: ReturnType<typeof createStaffInput.parse>) {
    switch (data.role) {
      case 'PLATFORM_ADMIN':
        return { tenantId: null, merchantId: null, storeId: null };
      case 'ALLIANCE_OPERATOR': {
        const allianceId = data.allianceId ?? ctx.tenantId;
        if (!allianceId || !(await tx.findOne(AllianceSchema, { id: allianceId }))) throw badRequest('ALLIANCE_NOT_FOUND', 'No such alliance');
        return { tenantId: allianceId, merchantId: null, storeId: null };
      }
      case 'MERCHANT_ADMIN': {
        const merchant = await tx.findOne(MerchantSchema, { id: data.merchantId ?? ctx.merchantId ?? '' });
        if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
        return { tenantId: merchant.tenantId, merchantId: merchant.id, storeId: null };
      }
      case 'STORE_STAFF': {
        const store = data.storeId ? await tx.findOne(StoreSchema, { id: data.storeId }) : null;
        if (!store) throw notFound('STORE_NOT_FOUND', 'No such store');
        return { tenantId: store.tenantId, merchantId: store.merchantId, storeId: store.id };
      }
    }
  }
}
