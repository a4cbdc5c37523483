import { valid, validRange } from 'semver';
import { notificationProblems } from './notification-triggers';
import type { PluginDeclaration } from './plugin-definition';

const BRAND = Symbol.for('loyalty.plugin-definition');

/** A plugin as `definePlugin` returns it: the declaration, checked and frozen. */
export type PluginDefinition = Readonly<PluginDeclaration> & { readonly [BRAND]: true };

export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The prefix of every table, index and sequence of a plugin: its id in snake case (`pet_store_`). */
export const tablePrefixOf = (pluginId: string): string => `${pluginId.replace(/-/g, '_')}_`;

/** The prefix of a plugin's GraphQL member fields: its id in camelCase (`petStore`). */
export const fieldPrefixOf = (pluginId: string): string => pluginId.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export class PluginDeclarationError extends Error {
  constructor(pluginId: string, problems: string[]) {
    super(`Plugin "${pluginId}" is declared wrongly: ${problems.join('; ')}`);
    this.name = 'PluginDeclarationError';
  }
}

function problemsOf(d: PluginDeclaration): string[] {
  const problems: string[] = [];
  const unique = (what: string, names: readonly string[]) => {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) problems.push(`${what} "${name}" is declared twice`);
      seen.add(name);
    }
  };
  if (!PLUGIN_ID_PATTERN.test(d.id ?? '')) problems.push('id must be lower-case kebab-case (e.g. "pet-store")');
  if (!valid(d.version ?? '')) problems.push(`version "${d.version}" is not a semver version`);
  if (!validRange(d.compatibility ?? '')) problems.push(`compatibility "${d.compatibility}" is not a semver range`);
  if (!d.name?.['zh-CN'] || !d.name?.en) problems.push('name needs zh-CN and en');
  unique('migration', (d.migrations ?? []).map((m) => m.name));
  unique('permission', (d.permissions ?? []).map((p) => p.code));
  unique('POS endpoint', (d.pos ?? []).map((e) => e.path));
  unique('event consumer', (d.events ?? []).map((e) => e.name));
  unique('job', (d.jobs ?? []).map((j) => j.name));
  unique('member field', (d.memberProfile ?? []).map((m) => m.field));
  const permissions = new Set((d.permissions ?? []).map((p) => p.code));
  const prefix = fieldPrefixOf(d.id ?? '');
  for (const extension of d.memberProfile ?? []) {
    if (PLUGIN_ID_PATTERN.test(d.id ?? '') && (!extension.field.startsWith(prefix) || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(extension.field))) {
      problems.push(`member field "${extension.field}" must start with "${prefix}"`);
    }
    if (extension.permission && !permissions.has(extension.permission)) problems.push(`member field "${extension.field}" needs undeclared permission "${extension.permission}"`);
  }
  for (const resource of d.console ?? []) {
    if (resource.permission && !permissions.has(resource.permission)) problems.push(`console resource "${resource.name}" needs undeclared permission "${resource.permission}"`);
  }
  for (const endpoint of d.pos ?? []) {
    if (!PLUGIN_ID_PATTERN.test(endpoint.path)) problems.push(`POS endpoint path "${endpoint.path}" must be kebab-case`);
  }
  unique('level measure', (d.levelMeasures ?? []).map((m) => m.name));
  for (const measure of d.levelMeasures ?? []) {
    if (!PLUGIN_ID_PATTERN.test(measure.name)) problems.push(`level measure "${measure.name}" must be kebab-case`);
  }
  for (const job of d.jobs ?? []) {
    if (!Number.isInteger(job.intervalMs) || job.intervalMs < 0) problems.push(`job "${job.name}" needs a whole intervalMs ≥ 0`);
  }
  if (d.settings && (d.settings.schema as { type?: string }).type !== 'object') problems.push('settings.schema must be an object schema');
  if (PLUGIN_ID_PATTERN.test(d.id ?? '')) problems.push(...notificationProblems(tablePrefixOf(d.id), d.id, d.notifications ?? []));
  return problems;
}

/**
 * The one way to declare a plugin. Checks what can be checked without the platform (names, versions,
 * prefixes); the platform checks `compatibility`, the settings schema and the migrations at start.
 */
export function definePlugin(declaration: PluginDeclaration): PluginDefinition {
  const problems = problemsOf(declaration);
  if (problems.length > 0) throw new PluginDeclarationError(declaration.id, problems);
  return Object.freeze({ ...declaration, [BRAND]: true as const });
}

/** Whether a module export is a plugin definition (from any copy of the SDK). */
export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
