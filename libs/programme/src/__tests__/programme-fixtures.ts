import { bootTestPlatform, createTenant, gql, type TenantFixture, type TestPlatform } from '@loyalty/testing';
import { EXAMPLE_LEVEL_SCHEME, type GrowthRule, type LevelSchemeInput } from '../domain/level-rules';

/** A GraphQL answer's data, failing the test on any error. */
export function ok(res: { body: { errors?: unknown; data?: Record<string, unknown> } }): Record<string, unknown> {
  expect(res.body.errors).toBeUndefined();
  return res.body.data!;
}

/** A level scheme as GraphQL variables: condition groups as `{ all }`. */
export const levelSchemeVariables = (scheme: LevelSchemeInput & { merchantId?: string }) => ({
  ...scheme,
  levels: scheme.levels.map((l) => ({ ...l, conditions: l.conditions.map((all) => ({ all })) })),
});

/** Gives the merchant the shipped example levels (普通/银卡/金卡/钻石), with extra growth rules. */
export async function configureExampleLevels(platform: TestPlatform, token: string, merchantId: string, extraGrowthRules: GrowthRule[] = []): Promise<void> {
  const scheme = { ...EXAMPLE_LEVEL_SCHEME, merchantId, growthRules: [...EXAMPLE_LEVEL_SCHEME.growthRules, ...extraGrowthRules] };
  ok(await gql(platform, token, `mutation($i: LevelSchemeInput!) { configureLevelScheme(input: $i) { id } }`, { i: levelSchemeVariables(scheme) }));
}

/** A booted platform and a fresh tenant, with its first merchant's POS key, admin token and id. */
export interface ProgrammeBed {
  platform: TestPlatform;
  tenant: TenantFixture;
  key: string;
  admin: string;
  merchantId: string;
}

export async function bootProgrammeBed(merchants: number): Promise<ProgrammeBed> {
  const platform = await bootTestPlatform();
  const tenant = await createTenant(platform.app, { merchants });
  const [first] = tenant.merchants;
  return { platform, tenant, key: first.posKeys[0], admin: first.adminToken, merchantId: first.merchant.id };
}
