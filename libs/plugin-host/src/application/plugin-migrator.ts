import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Db, type Tx } from '@loyalty/database';
import { PluginRegistry, type LoadedPlugin } from './plugin-registry';

interface Relation {
  oid: string;
  schema: string;
  name: string;
  kind: string;
  rls: boolean;
  /** For an index, the table it is on. */
  onTable: string | null;
  /** Columns, constraints, policies, triggers and grants: what a change to the relation changes. */
  signature: string;
}

/** Every relation outside PostgreSQL's own schemas, with what defines it. */
const CATALOG = `
  select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind::text as kind, c.relrowsecurity as rls,
         t.relname as "onTable",
         md5(concat_ws('|',
           (select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''), ',' order by a.attnum)
              from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
           (select string_agg(co.conname || ' ' || pg_get_constraintdef(co.oid), ',' order by co.conname) from pg_constraint co where co.conrelid = c.oid),
           (select string_agg(po.polname || ' ' || coalesce(pg_get_expr(po.polqual, po.polrelid), ''), ',' order by po.polname) from pg_policy po where po.polrelid = c.oid),
           (select string_agg(tg.tgname, ',' order by tg.tgname) from pg_trigger tg where tg.tgrelid = c.oid and not tg.tgisinternal),
           c.relacl::text, c.relrowsecurity::text)) as signature
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_index i on i.indexrelid = c.oid
  left join pg_class t on t.oid = i.indrelid
  where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

const SCHEMAS = `select nspname as name from pg_namespace where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\\_%'`;

export class PluginMigrationError extends Error {
  constructor(pluginId: string, migration: string, problems: string[]) {
    super(`Plugin "${pluginId}" migration "${migration}" was refused: ${problems.join('; ')}`);
    this.name = 'PluginMigrationError';
  }
}

/** What a migration changed in the catalog that a plugin may not: anything but its own prefixed relations, and tables without row-level security. */
export function catalogProblems(prefix: string, before: Relation[], after: Relation[], schemasBefore: string[], schemasAfter: string[]): string[] {
  const problems: string[] = [];
  const own = (r: { schema: string; name: string }) => r.schema === 'public' && r.name.startsWith(prefix);
  // The plugin's migrations table is the platform's bookkeeping, kept from the tenant role by grants instead.
  const needsRls = (r: Relation) => (r.kind === 'r' || r.kind === 'p') && r.name !== `${prefix}migrations`;
  for (const schema of schemasAfter.filter((s) => !schemasBefore.includes(s))) problems.push(`creates schema "${schema}" (plugin tables live in public, prefixed "${prefix}")`);
  const old = new Map(before.map((r) => [r.oid, r]));
  const now = new Map(after.map((r) => [r.oid, r]));
  for (const r of after) {
    const was = old.get(r.oid);
    if (!was) {
      if (!own(r)) problems.push(`creates ${r.schema}.${r.name} without the prefix "${prefix}"`);
      else if (r.kind === 'i' && !(r.onTable ?? '').startsWith(prefix)) problems.push(`creates index ${r.name} on ${r.onTable}, which is not the plugin's`);
      else if (needsRls(r) && !r.rls) problems.push(`creates table ${r.name} without row-level security (use tenantRowLevelSecurity)`);
    } else if (!own(was) && was.signature !== r.signature) {
      problems.push(`changes ${was.schema}.${was.name}, which is not the plugin's`);
    } else if (own(r) && needsRls(r) && !r.rls) {
      problems.push(`turns row-level security off on ${r.name}`);
    }
  }
  for (const r of before) if (!now.has(r.oid) && !own(r)) problems.push(`drops ${r.schema}.${r.name}, which is not the plugin's`);
  return problems;
}

/**
 * Applies plugins' pending migrations at start, each plugin in one transaction under the platform's
 * migration lock, recorded in the plugin's own table (`<prefix>migrations`). The catalog is compared
 * before and after each migration: one that creates unprefixed relations, touches the platform's, or
 * leaves a table without row-level security is refused, and nothing of the plugin's pending
 * migrations stays (the start fails naming the problems).
 */
@Injectable()
export class PluginMigrator implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const plugin of this.registry.plugins) if (plugin.definition.migrations?.length) await this.migrate(plugin);
  }

  private migrate(plugin: LoadedPlugin): Promise<void> {
    const table = `${plugin.tablePrefix}migrations`;
    return this.db.asSystem(async (tx) => {
      await tx.execute("select pg_advisory_xact_lock(hashtext('loyalty:migrations'))");
      await tx.execute(`create table if not exists ${table} (name text primary key, applied_at timestamptz not null default now())`);
      // Bookkeeping of the platform's, never tenant data (public's default grants would give it to the tenant role).
      await tx.execute(`revoke all on ${table} from loyalty_tenant`);
      const applied = new Set((await tx.execute<{ name: string }[]>(`select name from ${table}`)).map((row) => row.name));
      for (const migration of plugin.definition.migrations ?? []) {
        if (applied.has(migration.name)) continue;
        const [before, schemasBefore] = await this.catalog(tx);
        for (const statement of migration.up) await tx.execute(statement);
        const [after, schemasAfter] = await this.catalog(tx);
        const problems = catalogProblems(plugin.tablePrefix, before, after, schemasBefore, schemasAfter);
        if (problems.length > 0) throw new PluginMigrationError(plugin.definition.id, migration.name, problems);
        await tx.execute(`insert into ${table} (name) values (?)`, [migration.name]);
      }
    });
  }

  private async catalog(tx: Tx): Promise<[Relation[], string[]]> {
    const relations = await tx.execute<Relation[]>(CATALOG);
    const schemas = (await tx.execute<{ name: string }[]>(SCHEMAS)).map((row) => row.name);
    return [relations, schemas];
  }
}
