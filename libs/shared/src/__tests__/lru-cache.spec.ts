import { LruCache } from '../lru-cache';

describe('LruCache', () => {
  it('holds at most its capacity, dropping the least recently used', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    // Reading a makes b the oldest.
    expect(cache.get('a')).toBe(1);
    cache.set('d', 4);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
    // Setting a key it holds replaces the value without dropping another.
    cache.set('c', 30);
    expect(cache.size).toBe(3);
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 30, 4]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruCache(0)).toThrow('at least one entry');
    expect(() => new LruCache(1.5)).toThrow('at least one entry');
  });
});
