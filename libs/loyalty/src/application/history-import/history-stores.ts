import type { Tx } from '@loyalty/database';
import { unprocessable } from '@loyalty/shared';

/** A store's name as compared: full-width forms as half-width (NFKC), case ignored, ends trimmed, a run of spaces as one. */
export const storeKey = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The stores a history file names, by storeKey, each as first written and the first line of an invoice at it. */
export type NamedStores = Map<string, { name: string; line: number }>;

/**
 * The merchant's store for each store a history file names (by storeKey): the one of that name.
 * Refused before anything is written, each name with its line and reason in the details: a name no
 * store of the merchant has (422 IMPORT_STORE_UNKNOWN: its sales would be put down at a store they
 * were not made at), or one several of its stores have (422 IMPORT_STORE_AMBIGUOUS, when no name is
 * unknown).
 */
export async function storesNamed(tx: Tx, merchantId: string, named: NamedStores): Promise<Map<string, string>> {
  if (named.size === 0) return new Map();
  const stores = await tx.execute<{ id: string; name: string }[]>('select id, name from store where merchant_id = ? order by name', [merchantId]);
  const idsByKey = new Map<string, string[]>();
  for (const store of stores) {
    const key = storeKey(store.name);
    idsByKey.set(key, [...(idsByKey.get(key) ?? []), store.id]);
  }
  const ids = new Map<string, string>();
  const problems: { line: number; store: string; reason: string; unknown: boolean }[] = [];
  for (const [key, { name, line }] of named) {
    const matches = idsByKey.get(key) ?? [];
    if (matches.length === 1) ids.set(key, matches[0]);
    else if (matches.length === 0) problems.push({ line, store: name, reason: `Store ${name} is no store of this merchant`, unknown: true });
    else problems.push({ line, store: name, reason: `Store ${name} is the name of ${matches.length} of this merchant's stores`, unknown: false });
  }
  if (problems.length === 0) return ids;
  const unknown = problems.some((p) => p.unknown);
  const known = stores.slice(0, 20).map((s) => s.name);
  throw unprocessable(
    unknown ? 'IMPORT_STORE_UNKNOWN' : 'IMPORT_STORE_AMBIGUOUS',
    `${problems.length === 1 ? 'A store' : `${problems.length} stores`} the file names cannot be told (${problems
      .slice(0, 5)
      .map((p) => p.store)
      .join(', ')}); nothing was imported. Write the stores as the console names them (${known.join(', ')}${stores.length > known.length ? ', …' : ''}), ` +
      `or rename the store column's header if it holds store codes. Rows of a store whose name two stores share go in a file without the store column, imported to that store`,
    problems.slice(0, 100).map(({ line, store, reason }) => ({ line, store, reason })),
  );
}
