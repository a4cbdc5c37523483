import type { GraphQLClient } from '../graphql';

/**
 * How the API's lists are read, in one place: a list that gains paging later moves from `whole`
 * to `paged` on its own line.
 */
export type Rec = Record<string, unknown> & { id: string | number };
export type Filter = Record<string, unknown>;

/** Arguments a list takes from react-admin's filter: name → GraphQL type ('UUID!' is required). */
export type Args = Record<string, string>;

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The filter's values of `args`; null when a required one is missing (the list is then empty). */
function variables(args: Args, filter: Filter): Record<string, unknown> | null {
  const vars: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(args)) {
    if (given(filter[name])) vars[name] = filter[name];
    else if (type.endsWith('!')) return null;
  }
  return vars;
}

function call(field: string, args: Args, paging: boolean): { declare: string; pass: string } {
  const all: Args = paging ? { ...args, limit: 'Int!', offset: 'Int!' } : args;
  const names = Object.keys(all);
  return {
    declare: names.length ? `(${names.map((n) => `$${n}: ${all[n]}`).join(', ')})` : '',
    pass: names.length ? `(${names.map((n) => `${n}: $${n}`).join(', ')})` : '',
  };
}

/** Records whose API type has no id of their own get one from their fields. */
export type IdOf = (record: Record<string, unknown>) => string;
const withIds = (records: Record<string, unknown>[], idOf?: IdOf): Rec[] => (idOf ? records.map((r) => ({ ...r, id: idOf(r) })) : (records as Rec[]));

/** A list the API returns whole (react-admin's filter, sort and paging then run in the browser). */
export const whole =
  (field: string, selection: string, args: Args = {}, idOf?: IdOf) =>
  async (gql: GraphQLClient, filter: Filter): Promise<Rec[]> => {
    const vars = variables(args, filter);
    if (!vars) return [];
    const { declare, pass } = call(field, args, false);
    return withIds((await gql<Record<string, Record<string, unknown>[]>>(`query${declare} { ${field}${pass} { ${selection} } }`, vars))[field], idOf);
  };

/** A list the API pages with a total (`{ total items }`). */
export const paged =
  (field: string, selection: string, args: Args = {}, idOf?: IdOf) =>
  async (gql: GraphQLClient, filter: Filter, limit: number, offset: number): Promise<{ items: Rec[]; total?: number }> => {
    const vars = variables(args, filter);
    if (!vars) return { items: [], total: 0 };
    const { declare, pass } = call(field, args, true);
    const page = (await gql<Record<string, { items: Record<string, unknown>[]; total: number }>>(`query${declare} { ${field}${pass} { total items { ${selection} } } }`, { ...vars, limit, offset }))[field];
    return { items: withIds(page.items, idOf), total: page.total };
  };

/** A list the API pages without a total (react-admin then shows "more than N"). */
export const uncounted =
  (field: string, selection: string, args: Args = {}, idOf?: IdOf) =>
  async (gql: GraphQLClient, filter: Filter, limit: number, offset: number): Promise<{ items: Rec[] }> => {
    const vars = variables(args, filter);
    if (!vars) return { items: [] };
    const { declare, pass } = call(field, args, true);
    return { items: withIds((await gql<Record<string, Record<string, unknown>[]>>(`query${declare} { ${field}${pass} { ${selection} } }`, { ...vars, limit, offset }))[field], idOf) };
  };

/** A mutation with one input object, answering the written record. */
export const mutate = async (gql: GraphQLClient, field: string, inputType: string, input: unknown, selection: string): Promise<Rec> =>
  (await gql<Record<string, Rec>>(`mutation($input: ${inputType}!) { ${field}(input: $input) { ${selection} } }`, { input }))[field];

/** The keys of `data` that are set (not undefined, empty or null). */
export const pick = (data: Filter, keys: string[]) => Object.fromEntries(keys.filter((k) => given(data[k])).map((k) => [k, data[k]]));
