/**
 * At most `capacity` entries; when full, an insert drops the least recently used. For values that
 * never change once known (an account's id), kept for what is used often without growing with
 * everything ever seen: a platform running for months meets every member of its alliances.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order: a read re-inserts its key, so the first key is the oldest.
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new Error(`An LRU cache holds at least one entry, not ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }
}
