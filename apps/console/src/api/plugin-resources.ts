import type { GraphQLClient } from '../graphql';
import type { ResourceDef } from './resource-def';
import type { Rec } from './lists';

/** A plugin as the console reads it: the platform's declaration and one merchant's state. */
export interface PluginRecord extends Rec {
  /** `<merchant id>:<plugin id>`: a plugin's record is one merchant's. */
  id: string;
  pluginId: string;
  merchantId: string;
  name: { zhCN: string; en: string };
  description: string | null;
  version: string;
  enabled: boolean;
  settings: Record<string, unknown> | null;
  settingsSchema: Record<string, unknown> | null;
  settingsLabels: { path: string; label: { zhCN: string; en: string } }[];
  permissions: { code: string; label: { zhCN: string; en: string } }[];
  grants: { staffId: string; permission: string; grantedBy: string }[];
  myPermissions: string[];
  consoleResources: PluginConsoleResource[];
  /** Measures it provides to level rules and tag facts, named `<plugin id>.<name>`. */
  measures: { name: string; description: string }[];
}

export interface PluginConsoleResource {
  name: string;
  placement: 'member-tab' | 'page';
  label: { zhCN: string; en: string };
  query: string;
  fields: { path: string; label: { zhCN: string; en: string }; format: string }[];
  permission: string | null;
}

const PLUGIN = `id name { zhCN en } description version enabled settings settingsSchema settingsLabels { path label { zhCN en } }
  permissions { code label { zhCN en } } grants { staffId permission grantedBy } myPermissions
  consoleResources { name placement label { zhCN en } query fields { path label { zhCN en } format } permission } measures { name description }`;

const split = (id: string) => {
  const at = id.indexOf(':');
  return { merchantId: id.slice(0, at), pluginId: id.slice(at + 1) };
};

/** The plugins loaded on the platform with a merchant's state of each (a merchant's staff: their own). */
export async function pluginsOf(gql: GraphQLClient, merchantId: string | undefined): Promise<PluginRecord[]> {
  // The API's id is the plugin's; the console's record is the plugin at one merchant.
  const { plugins } = await gql<{ plugins: PluginRecord[] }>(`query($m: UUID) { plugins(merchantId: $m) { ${PLUGIN} } }`, {
    m: merchantId || undefined,
  });
  return plugins.map((p) => ({ ...p, id: `${merchantId ?? ''}:${p.id}`, pluginId: p.id, merchantId: merchantId ?? '' }));
}

async function onePlugin(gql: GraphQLClient, id: string): Promise<PluginRecord> {
  const { merchantId, pluginId } = split(id);
  const found = (await pluginsOf(gql, merchantId)).find((p) => p.pluginId === pluginId);
  if (!found) throw Object.assign(new Error('ra.notification.item_doesnt_exist'), { status: 404 });
  return found;
}

export const pluginResources: Record<string, ResourceDef> = {
  plugins: {
    all: (gql, filter) => pluginsOf(gql, typeof filter.merchantId === 'string' ? filter.merchantId : undefined),
    one: onePlugin,
    // What changes on a plugin's record is its settings, replaced whole (the server checks them against the schema).
    update: async (gql, id, data) => {
      const { merchantId, pluginId } = split(id);
      await gql(`mutation($p: String!, $m: UUID, $s: JSONObject!) { updatePluginSettings(pluginId: $p, merchantId: $m, settings: $s) { enabled } }`, {
        p: pluginId,
        m: merchantId || undefined,
        s: data.settings ?? {},
      });
      return onePlugin(gql, id);
    },
  },
};

/** Turns a plugin on or off for the record's merchant. */
export async function setPluginEnabled(gql: GraphQLClient, id: string, enabled: boolean): Promise<PluginRecord> {
  const { merchantId, pluginId } = split(id);
  await gql(`mutation($p: String!, $m: UUID) { ${enabled ? 'enablePlugin' : 'disablePlugin'}(pluginId: $p, merchantId: $m) { enabled } }`, { p: pluginId, m: merchantId || undefined });
  return onePlugin(gql, id);
}

/** Gives a staff member one of the plugin's permissions, or takes it back. */
export async function setPluginGrant(gql: GraphQLClient, input: { staffId: string; pluginId: string; permission: string }, granted: boolean): Promise<void> {
  await gql(`mutation($s: UUID!, $p: String!, $c: String!) { ${granted ? 'grantPluginPermission' : 'revokePluginPermission'}(staffId: $s, pluginId: $p, permission: $c) { staffId } }`, {
    s: input.staffId,
    p: input.pluginId,
    c: input.permission,
  });
}

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined), value);

/** The first list in the data, depth first through its objects; none when a value on the way is null. */
function firstList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (value === null || typeof value !== 'object') return null;
  for (const child of Object.values(value)) {
    const list = firstList(child);
    if (list) return list;
  }
  return null;
}

/**
 * The rows a plugin's console resource shows from its query's data. A field path that starts at a
 * key of the data is dotted from the data itself: one row (a profile). Otherwise the fields are of
 * each item of the first list in the data (records): a row an item.
 */
export function pluginRows(resource: Pick<PluginConsoleResource, 'fields'>, data: Record<string, unknown>): PluginRows {
  const single = resource.fields.some((f) => f.path.split('.')[0] in data);
  const items = single ? [data] : (firstList(data) ?? []);
  return { single, rows: items.map((item) => Object.fromEntries(resource.fields.map((f) => [f.path, at(item, f.path)]))) };
}

/** A console resource's values by field path: one row (a record of its own), or a row a list item. */
export interface PluginRows {
  single: boolean;
  rows: Record<string, unknown>[];
}

/** Runs a plugin's console resource (its own GraphQL document) and answers its rows. */
export async function runPluginResource(gql: GraphQLClient, resource: PluginConsoleResource, variables: Record<string, unknown>): Promise<PluginRows> {
  return pluginRows(resource, await gql<Record<string, unknown>>(resource.query, variables));
}
