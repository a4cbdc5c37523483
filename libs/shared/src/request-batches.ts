interface Batch<V> {
  keys: Set<string>;
  result: Promise<Map<string, V>>;
}

/**
 * Loads what the fields of one GraphQL response ask for together (a field of every item of a list
 * would otherwise be a query each): the first key asked opens a batch, the keys the rest of the
 * response asks for before the event loop's next turn join it, then one load serves them all.
 */
export class RequestBatches<V> {
  private readonly open = new WeakMap<object, Map<string, Batch<V>>>();

  /** The value of `key` in the batch `name` of `request` (the GraphQL request object), loaded by `load`. */
  async get(request: object, name: string, key: string, load: (keys: string[]) => Promise<Map<string, V>>): Promise<V | undefined> {
    const batches = this.open.get(request) ?? new Map<string, Batch<V>>();
    this.open.set(request, batches);
    let batch = batches.get(name);
    if (!batch) {
      const keys = new Set<string>();
      // setImmediate, not a microtask: sibling fields reach this through promise chains of their own.
      const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        batches.delete(name);
        return load([...keys]);
      });
      batch = { keys, result };
      batches.set(name, batch);
    }
    batch.keys.add(key);
    return (await batch.result).get(key);
  }
}
