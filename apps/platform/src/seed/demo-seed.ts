import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CreateClearingSchemeCommand, SetContractTermsCommand } from '@loyalty/clearing';
import { Db, pgArray } from '@loyalty/database';
import { OutboxRelay } from '@loyalty/events';
import { EnablePluginCommand } from '@loyalty/plugin-host';
import { DomainError, systemContext, type RequestContext } from '@loyalty/shared';
import { CreateAllianceCommand, CreateMerchantCommand, CreateStaffCommand, CreateStoreCommand, IssuePosApiKeyCommand, type Merchant, type Store } from '@loyalty/tenancy';

export interface DemoCredentials {
  allianceId: string;
  operator: { email: string; password: string };
  admin: { email: string; password: string };
  posApiKey: { key: string; merchant: string; merchantId: string; store: string; storeId: string };
}

const MERCHANTS = [
  { name: '康宁大药房', industry: 'pharmacy', stores: ['康宁大药房 人民路店', '康宁大药房 滨江加盟店'] },
  { name: '萌宠之家', industry: 'pet', stores: ['萌宠之家 万达店', '萌宠之家 大学城加盟店'] },
  { name: '悦来酒店', industry: 'hotel', stores: ['悦来酒店 火车站店', '悦来酒店 机场加盟店'] },
  { name: '畅行加油站', industry: 'fuel', stores: ['畅行加油站 环城东路站', '畅行加油站 高速服务区加盟站'] },
];

/** True when no staff account exists yet: the database is new. */
export async function isEmptyPlatform(app: INestApplicationContext): Promise<boolean> {
  const [{ count }] = await app.get(Db).asSystem((tx) => tx.execute<{ count: number }[]>('select count(*) as count from staff'));
  return count === 0;
}

/**
 * A demo alliance (示范商家联盟) with a pharmacy, a pet store, a hotel and a fuel station, two
 * stores each (the second a franchise), an operator login, a platform admin login, a POS key, and
 * a monthly clearing scheme with contract terms for the four merchants; each merchant has its
 * industry's plugin on where one is loaded.
 */
export async function seedDemo(app: INestApplicationContext): Promise<DemoCredentials> {
  const commands = app.get(CommandBus);
  const ctx: RequestContext = systemContext('demo-seed');
  const alliance = await commands.execute(new CreateAllianceCommand(ctx, { name: '示范商家联盟' }));
  const stores: { merchant: Merchant; store: Store }[] = [];
  for (const spec of MERCHANTS) {
    const merchant: Merchant = await commands.execute(new CreateMerchantCommand(ctx, { name: spec.name, industry: spec.industry, allianceId: alliance.id }));
    for (const [index, name] of spec.stores.entries()) {
      const store: Store = await commands.execute(new CreateStoreCommand(ctx, { merchantId: merchant.id, name, kind: index === 0 ? 'direct' : 'franchise' }));
      stores.push({ merchant, store });
    }
    await enableIndustryPlugin(commands, ctx, merchant);
  }
  const password = () => randomBytes(9).toString('base64url');
  const operator = { email: 'operator@demo.local', password: password() };
  const admin = { email: 'admin@demo.local', password: password() };
  await commands.execute(new CreateStaffCommand(ctx, { ...operator, name: '联盟运营', role: 'ALLIANCE_OPERATOR', allianceId: alliance.id }));
  await commands.execute(new CreateStaffCommand(ctx, { ...admin, name: 'Platform admin', role: 'PLATFORM_ADMIN' }));
  await seedClearing(app, alliance.id, [...new Set(stores.map((s) => s.merchant.id))]);
  const first = stores[0];
  const issued = await commands.execute(new IssuePosApiKeyCommand(ctx, { storeId: first.store.id, name: '收银台 1' }));
  return {
    allianceId: alliance.id,
    operator,
    admin,
    posApiKey: { key: issued.key, merchant: first.merchant.name, merchantId: first.merchant.id, store: first.store.name, storeId: first.store.id },
  };
}

/** A merchant whose industry has a plugin of that id loaded (the pharmacy's 药店) gets it turned on. */
async function enableIndustryPlugin(commands: CommandBus, ctx: RequestContext, merchant: Merchant): Promise<void> {
  try {
    await commands.execute(new EnablePluginCommand(ctx, { pluginId: merchant.industry, merchantId: merchant.id }));
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'PLUGIN_NOT_FOUND')) throw error;
  }
}

/** Clearing learns the merchants from their events; the scheme's terms need them known. */
async function seedClearing(app: INestApplicationContext, allianceId: string, merchantIds: string[]): Promise<void> {
  const commands = app.get(CommandBus);
  const operator: RequestContext = { tenantId: allianceId, merchantId: null, storeId: null, actorId: 'demo-seed', roles: ['ALLIANCE_OPERATOR'], correlationId: 'demo-seed' };
  const scheme = await commands.execute(
    new CreateClearingSchemeCommand(operator, { name: '联盟积分清算', participantKind: 'merchant', operatorName: '示范商家联盟', schedule: 'monthly' }),
  );
  for (const deadline = Date.now() + 30_000; ; ) {
    await app.get(OutboxRelay).drain();
    const [{ known }] = await app
      .get(Db)
      .asSystem((tx) => tx.execute<{ known: number }[]>('select count(*)::int8 as known from clearing.party where id = any(?::uuid[])', [pgArray(merchantIds)]));
    if (known === merchantIds.length) break;
    if (Date.now() > deadline) return; // events over a slow broker: the operator sets the terms later
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  for (const participantId of merchantIds) {
    await commands.execute(
      new SetContractTermsCommand(operator, {
        schemeId: scheme.id,
        participantId,
        effectiveFrom: '2020-01-01',
        issuePricePerPoint: '0.5',
        redemptionRatePerPoint: '0.45',
        commissionBps: 500,
        breakageShareBps: 5000,
      }),
    );
  }
}
