import { fieldPrefixOf, tablePrefixOf } from '@loyalty/plugin-sdk';

/** The names a new plugin's files and code use, from its id. */
export interface PluginNames {
  id: string;
  /** camelCase: member fields, the plugin constant. */
  camel: string;
  /** PascalCase: classes and GraphQL types. */
  pascal: string;
  /** snake_case with the trailing underscore: tables. */
  tablePrefix: string;
  packageName: string;
}

export function namesOf(id: string, packageName: string): PluginNames {
  const camel = fieldPrefixOf(id);
  return { id, camel, pascal: camel[0].toUpperCase() + camel.slice(1), tablePrefix: tablePrefixOf(id), packageName };
}

/** The source files of a new plugin, by path within its folder. */
export function pluginSources(n: PluginNames): Record<string, string> {
  const table = `${n.tablePrefix}visit`;
  return {
    'src/index.ts': `export { ${n.camel}Plugin } from './${n.id}.plugin';\n`,

    [`src/${n.id}.plugin.ts`]: `import { definePlugin, tenantRowLevelSecurity } from '@loyalty/plugin-sdk';
import { ${n.pascal}BonusEarnRule } from './${n.id}-bonus.earn-rule';
import { ${n.pascal}VisitGql, ${n.pascal}VisitsLoader } from './${n.id}-visits.loader';
import { ${n.pascal}VisitsEndpoint, visitInput } from './${n.id}-visits.pos-endpoint';

/** The merchant's settings of the plugin (its JSON schema below). */
export interface ${n.pascal}Settings {
  bonusPointsPerPurchase: number;
}

/** ${n.id}: visits recorded at the till, shown with the member, and bonus points per purchase. */
export const ${n.camel}Plugin = definePlugin({
  id: '${n.id}',
  name: { 'zh-CN': '${n.id}', en: '${n.pascal}' },
  description: 'Visits recorded at the till, shown with the member; bonus points per purchase',
  version: '0.1.0',
  compatibility: '^1.0.0',
  migrations: [
    {
      name: '001_visits',
      up: [
        \`create table ${table} (
          id uuid primary key,
          tenant_id uuid not null,
          merchant_id uuid not null,
          member_id uuid not null,
          note text not null,
          created_at timestamptz not null default now()
        )\`,
        'create index ${table}_member on ${table} (member_id, created_at)',
        ...tenantRowLevelSecurity('${table}', 'merchant'),
      ],
    },
  ],
  settings: {
    schema: {
      type: 'object',
      properties: { bonusPointsPerPurchase: { type: 'integer', minimum: 0, maximum: 1000, default: 10 } },
      additionalProperties: false,
    },
  },
  earnRules: [${n.pascal}BonusEarnRule],
  pos: [{ path: 'visits', summary: 'Record a visit of a member', input: visitInput, handler: ${n.pascal}VisitsEndpoint }],
  memberProfile: [{ field: '${n.camel}Visits', type: () => [${n.pascal}VisitGql], description: 'Visits recorded at the till', loader: ${n.pascal}VisitsLoader }],
  console: [
    {
      name: 'visits',
      placement: 'member-tab',
      label: { 'zh-CN': '到店记录', en: 'Visits' },
      query: 'query($memberId: UUID!) { member(id: $memberId) { member { ${n.camel}Visits { note createdAt } } } }',
      fields: [
        { path: 'note', label: { 'zh-CN': '备注', en: 'Note' } },
        { path: 'createdAt', label: { 'zh-CN': '时间', en: 'Time' }, format: 'datetime' },
      ],
    },
  ],
});
`,

    [`src/${n.id}-bonus.earn-rule.ts`]: `import { Injectable } from '@nestjs/common';
import type { EarnRuleStrategy, PluginPurchase, PluginScope } from '@loyalty/plugin-sdk';
import type { ${n.pascal}Settings } from './${n.id}.plugin';

/** Every purchase earns the merchant's bonus on top of its points. */
@Injectable()
export class ${n.pascal}BonusEarnRule implements EarnRuleStrategy {
  async points(scope: PluginScope<${n.pascal}Settings>, purchases: readonly (PluginPurchase & { points: number })[]): Promise<number[]> {
    return purchases.map((p) => p.points + scope.settings.bonusPointsPerPurchase);
  }
}
`,

    [`src/${n.id}-visits.pos-endpoint.ts`]: `import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type PluginScope, type PosWriteEndpoint, z } from '@loyalty/plugin-sdk';

export const visitInput = z.object({ phone: z.string(), note: z.string().trim().min(1).max(500) });

/** POST /api/pos/v1/plugins/${n.id}/visits: a visit of a member, once per Idempotency-Key. */
@Injectable()
export class ${n.pascal}VisitsEndpoint implements PosWriteEndpoint<z.infer<typeof visitInput>, { visitId: string }> {
  async apply(scope: PluginScope, input: z.infer<typeof visitInput>) {
    const member = await scope.findMember({ phone: input.phone });
    const visitId = randomUUID();
    await scope.query('insert into ${table} (id, tenant_id, merchant_id, member_id, note) values (?, ?, ?, ?, ?)', [
      visitId,
      scope.tenantId,
      scope.merchantId,
      member.id,
      input.note,
    ]);
    return { status: 201 as const, body: { visitId } };
  }
}
`,

    [`src/${n.id}-visits.loader.ts`]: `import { Injectable } from '@nestjs/common';
import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import type { MemberProfileLoader, PluginScope } from '@loyalty/plugin-sdk';

@ObjectType('${n.pascal}Visit')
export class ${n.pascal}VisitGql {
  @Field() note!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

/** Members' visits at the merchant, newest first, for many members at once. */
@Injectable()
export class ${n.pascal}VisitsLoader implements MemberProfileLoader<${n.pascal}VisitGql[]> {
  async load(scope: PluginScope, memberIds: readonly string[]): Promise<Map<string, ${n.pascal}VisitGql[]>> {
    const rows = await scope.query<{ memberId: string; note: string; createdAt: Date }>(
      'select member_id as "memberId", note, created_at as "createdAt" from ${table} where member_id = any(?::uuid[]) order by created_at desc',
      [\`{\${memberIds.join(',')}}\`],
    );
    const visits = new Map<string, ${n.pascal}VisitGql[]>(memberIds.map((id) => [id, []]));
    for (const row of rows) visits.get(row.memberId)!.push({ note: row.note, createdAt: new Date(row.createdAt) });
    return visits;
  }
}
`,

    [`src/__tests__/${n.id}.plugin.spec.ts`]: `import { join } from 'node:path';
import {
  bootPluginTestPlatform,
  createTenant,
  disablePlugin,
  enablePlugin,
  gqlData,
  pluginPosPost,
  posPost,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

/** The ${n.id} plugin on the real platform (real PostgreSQL): on for one merchant, off for the other. */
describe('${n.id} plugin', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const phone = uniquePhone();

  beforeAll(async () => {
    platform = await bootPluginTestPlatform([join(__dirname, '..', 'index.ts')]);
    tenant = await createTenant(platform.app, { merchants: 2 });
    await posPost(platform, tenant.merchants[0].posKeys[0], '/members', { phone });
    await enablePlugin(platform, tenant.merchants[0].adminToken, '${n.id}', { settings: { bonusPointsPerPurchase: 25 } });
  });
  afterAll(() => platform.close());

  it('adds the bonus to purchases at the merchant that has it on, and only there', async () => {
    const on = await posPost(platform, tenant.merchants[0].posKeys[0], '/purchases', { phone, orderNo: 'P-1', amountFen: 10_000 });
    expect(on.body.pointsEarned).toBe(100 + 25);
    const off = await posPost(platform, tenant.merchants[1].posKeys[0], '/purchases', { phone, orderNo: 'P-1', amountFen: 10_000 });
    expect(off.body.pointsEarned).toBe(100);
  });

  it('records visits at the till and shows them with the member', async () => {
    const res = await pluginPosPost(platform, tenant.merchants[0].posKeys[0], '${n.id}', 'visits', { phone, note: 'first visit' });
    expect(res.status).toBe(201);
    const data = await gqlData(platform, tenant.merchants[0].adminToken, \`{ member(phone: "\${phone}") { member { ${n.camel}Visits { note } } } }\`);
    expect(data.member.member.${n.camel}Visits).toEqual([{ note: 'first visit' }]);
    const off = await pluginPosPost(platform, tenant.merchants[1].posKeys[0], '${n.id}', 'visits', { phone, note: 'elsewhere' });
    expect([off.status, off.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
  });

  it('has no effect once turned off', async () => {
    await disablePlugin(platform, tenant.merchants[0].adminToken, '${n.id}');
    const res = await posPost(platform, tenant.merchants[0].posKeys[0], '/purchases', { phone, orderNo: 'P-2', amountFen: 10_000 });
    expect(res.body.pointsEarned).toBe(100);
  });
});
`,
  };
}

/** package.json, README and (outside the repository) the build files of a new plugin. */
export function pluginPackageFiles(n: PluginNames, external: { repoRoot: string } | null): Record<string, string> {
  const pkg = {
    name: n.packageName,
    version: '0.1.0',
    description: `Loyalty platform plugin ${n.id}`,
    main: external ? 'dist/index.js' : 'src/index.ts',
    ...(external && { scripts: { build: 'tsc -p tsconfig.json --noEmit && swc src -d dist --strip-leading-paths --ignore "**/__tests__/**"' } }),
    peerDependencies: { '@loyalty/plugin-sdk': '^1.0.0', '@nestjs/common': '^12.0.0', '@nestjs/graphql': '^14.0.0' },
  };
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'README.md': `# ${n.packageName}

A loyalty platform plugin, made by \`npm run plugin:new -- ${n.id}\`. See the SDK's README
(libs/plugin-sdk/README.md) for what a plugin may declare.

- Load it: \`PLUGINS=${external ? '/path/to/this/folder/dist/index.js' : n.packageName}\`; turn it on for a merchant with the
  \`enablePlugin(pluginId: "${n.id}")\` mutation.
- Tables are prefixed \`${n.tablePrefix}\`, member fields \`${n.camel}\`.
- Tests: \`src/__tests__\`, against the real platform (\`@loyalty/plugin-sdk/testing\`).
`,
  };
  if (!external) {
    files['project.json'] = `${JSON.stringify(
      {
        $schema: '../../node_modules/nx/schemas/project-schema.json',
        name: `plugin-${n.id}`,
        projectType: 'library',
        sourceRoot: `plugins/${n.id}/src`,
        tags: ['scope:plugin', 'type:plugin', `plugin:${n.id}`],
        targets: { test: { executor: 'nx:run-commands', options: { command: `npx jest plugins/${n.id}`, cwd: '{workspaceRoot}' } } },
      },
      null,
      2,
    )}\n`;
  }
  if (external) {
    files['tsconfig.json'] = `${JSON.stringify({ extends: `${external.repoRoot}/tsconfig.json`, compilerOptions: { noEmit: true }, include: ['src/**/*.ts'] }, null, 2)}\n`;
    files['.swcrc'] = `${JSON.stringify(
      {
        module: { type: 'commonjs' },
        jsc: { target: 'es2023', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, keepClassNames: true },
      },
      null,
      2,
    )}\n`;
  }
  return files;
}
