/** How long configuration read on the POS path is used without reading it again. */
export const CONFIG_CACHE_MS = 5_000;

/**
 * Values read on every POS write (a merchant's settings, its plugins, its level scheme), kept for
 * `ttlMs` after they were loaded: a change made by another instance applies within that time; one
 * made in this process applies at once (`forget`, after its commit). A load that began before a
 * `forget` is answered but not kept, so it cannot bring back what was just forgotten.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) this.entries.set(key, { value, until: Date.now() + this.ttlMs });
    return value;
  }

  /** Forgets one key, or every key. */
  forget(key?: K): void {
    this.generation++;
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}
