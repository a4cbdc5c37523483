/** How long configuration read on the POS path is used without reading it again. */
export const CONFIG_CACHE_MS = 5_000;

/**
 * Values read on every POS write (a merchant's settings, its plugins, its level scheme, a POS key),
 * kept for `ttlMs` after they were loaded: a change made by another instance applies within that
 * time; one made in this process applies at once (`forget`, after its commit). A load that began
 * before a `forget` is answered but not kept, so it cannot bring back what was just forgotten.
 * Callers asking for a key while it loads wait for that load instead of starting their own: when a
 * POS key's entry expired under load, every request in the next few milliseconds read the key in a
 * transaction of its own (28 at once in a 20 s run at 800 purchases/s, timed by a throwaway
 * harness; performance log, 2026-12-06), and the purchases queued behind them.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();
  private readonly loading = new Map<K, { generation: number; promise: Promise<V> }>();
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const pending = this.loading.get(key);
    if (pending && pending.generation === this.generation) {
      // A load that failed may have failed for its caller's reasons (its transaction, say): this
      // caller then loads for itself.
      const shared = await pending.promise.then(
        (value) => ({ value }),
        () => undefined,
      );
      if (shared) return shared.value;
    }
    return this.load(key, load);
  }

  /** Forgets one key, or every key. */
  forget(key?: K): void {
    this.generation++;
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private async load(key: K, load: () => Promise<V>): Promise<V> {
    const generation = this.generation;
    const promise = load();
    this.loading.set(key, { generation, promise });
    try {
      const value = await promise;
      if (generation === this.generation) this.entries.set(key, { value, until: Date.now() + this.ttlMs });
      return value;
    } finally {
      if (this.loading.get(key)?.promise === promise) this.loading.delete(key);
    }
  }
}
