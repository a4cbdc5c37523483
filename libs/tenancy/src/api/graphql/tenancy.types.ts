import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { STAFF_ROLES } from '../../domain/staff.entity';
import { STORE_KINDS } from '../../domain/store.entity';

export enum StaffRoleGql {
  PLATFORM_ADMIN = 'PLATFORM_ADMIN',
  ALLIANCE_OPERATOR = 'ALLIANCE_OPERATOR',
  MERCHANT_ADMIN = 'MERCHANT_ADMIN',
  STORE_STAFF = 'STORE_STAFF',
}
registerEnumType(StaffRoleGql, { name: 'StaffRole' });
export enum StoreKindGql {
  direct = 'direct',
  franchise = 'franchise',
}
registerEnumType(StoreKindGql, { name: 'StoreKind', description: '直营 direct or 加盟 franchise' });
// The GraphQL enums mirror the domain lists; this fails to compile if they drift.
const _roles: readonly `${StaffRoleGql}`[] = STAFF_ROLES;
const _kinds: readonly `${StoreKindGql}`[] = STORE_KINDS;
void _roles;
void _kinds;

@ObjectType('Alliance', { description: '商家联盟: merchants sharing members and one points currency' })
export class AllianceGql {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() timezone!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('EarnRule')
export class EarnRuleGql {
  @Field(() => Int, { description: 'Points per whole yuan paid, rounded down per purchase' }) pointsPerYuan!: number;
}

@ObjectType('MerchantSettings')
export class MerchantSettingsGql {
  @Field(() => EarnRuleGql) earnRule!: EarnRuleGql;
  @Field(() => Int) pointsExpiryMonths!: number;
}

@ObjectType('EarnRuleVersion', { description: 'A version of the earn terms; a purchase earns by the version in force when it happened' })
export class EarnRuleVersionGql {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'In force from this time until the next version; null for the first version (from the beginning)' })
  effectiveFrom!: Date | null;
  @Field(() => EarnRuleGql) earnRule!: EarnRuleGql;
  @Field(() => Int) pointsExpiryMonths!: number;
}

@ObjectType('Merchant')
export class MerchantGql {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The alliance, or the merchant itself when standalone' }) tenantId!: string;
  @Field(() => ID, { nullable: true }) allianceId!: string | null;
  @Field() name!: string;
  @Field() industry!: string;
  @Field() timezone!: string;
  @Field(() => MerchantSettingsGql) settings!: MerchantSettingsGql;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('Store')
export class StoreGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => StoreKindGql) kind!: StoreKindGql;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('Staff')
export class StaffGql {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) tenantId!: string | null;
  @Field(() => ID, { nullable: true }) merchantId!: string | null;
  @Field(() => ID, { nullable: true }) storeId!: string | null;
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => StaffRoleGql) role!: StaffRoleGql;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('PosApiKey')
export class PosApiKeyGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field(() => ID) storeId!: string;
  @Field() name!: string;
  @Field({ description: 'The non-secret start of the key' }) prefix!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType('IssuedPosApiKey')
export class IssuedPosApiKeyGql {
  @Field({ description: 'The full key. Shown only in this response; store it in the POS now.' }) key!: string;
  @Field(() => PosApiKeyGql) apiKey!: PosApiKeyGql;
}

@ObjectType('AuthPayload')
export class AuthPayloadGql {
  @Field({ description: 'Send as Authorization: Bearer <token>' }) token!: string;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
  @Field(() => StaffGql) staff!: StaffGql;
}

@InputType('EarnRuleInput')
export class EarnRuleInput {
  @Field(() => Int) pointsPerYuan!: number;
}

@InputType('MerchantSettingsInput')
export class MerchantSettingsInput {
  @Field(() => EarnRuleInput, { nullable: true }) earnRule?: EarnRuleInput;
  @Field(() => Int, { nullable: true }) pointsExpiryMonths?: number;
}

@InputType('CreateAllianceInput')
export class CreateAllianceInput {
  @Field() name!: string;
  @Field({ nullable: true }) timezone?: string;
}

@InputType('CreateMerchantInput')
export class CreateMerchantInput {
  @Field() name!: string;
  @Field({ description: 'pharmacy, pet, hotel, fuel, retail…' }) industry!: string;
  @Field(() => ID, { nullable: true, description: 'Omit for a standalone merchant' }) allianceId?: string;
  @Field({ nullable: true }) timezone?: string;
  @Field(() => MerchantSettingsInput, { nullable: true }) settings?: MerchantSettingsInput;
}

@InputType('CreateStoreInput')
export class CreateStoreInput {
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => StoreKindGql) kind!: StoreKindGql;
}

@InputType('CreateStaffInput')
export class CreateStaffInput {
  @Field() email!: string;
  @Field() name!: string;
  @Field() password!: string;
  @Field(() => StaffRoleGql) role!: StaffRoleGql;
  @Field(() => ID, { nullable: true }) allianceId?: string;
  @Field(() => ID, { nullable: true }) merchantId?: string;
  @Field(() => ID, { nullable: true }) storeId?: string;
}
