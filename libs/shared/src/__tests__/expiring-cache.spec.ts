import { ExpiringCache } from '../expiring-cache';

describe('ExpiringCache', () => {
  afterEach(() => jest.useRealTimers());

  it('loads once within its time, again after it, and at once after forget', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-05T10:00:00Z') });
    const cache = new ExpiringCache<string, number | null>(5_000);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    // Nothing found is an answer too (a merchant without a programme).
    expect(await cache.get('b', async () => null)).toBeNull();
    expect(await cache.get('b', load)).toBeNull();
    jest.advanceTimersByTime(5_001);
    expect(await cache.get('a', load)).toBe(2);
    cache.forget('a');
    expect(await cache.get('a', load)).toBe(3);
    cache.forget();
    expect(await cache.get('b', load)).toBe(4);
  });

  it('does not keep a value loaded across a forget', async () => {
    const cache = new ExpiringCache<string, string>(60_000);
    let release!: () => void;
    const slow = cache.get('m', () => new Promise<string>((resolve) => (release = () => resolve('before the change'))));
    // The change commits and forgets while the slow read is still under way.
    cache.forget('m');
    release();
    expect(await slow).toBe('before the change');
    expect(await cache.get('m', async () => 'after the change')).toBe('after the change');
  });

  it('keeps nothing when the load fails', async () => {
    const cache = new ExpiringCache<string, string>(60_000);
    await expect(cache.get('x', async () => Promise.reject(new Error('no such merchant')))).rejects.toThrow('no such merchant');
    expect(await cache.get('x', async () => 'found')).toBe('found');
  });

  it('answers callers that ask while a key loads from that one load', async () => {
    const cache = new ExpiringCache<string, string>(60_000);
    const loads: (() => void)[] = [];
    const load = () => new Promise<string>((resolve) => loads.push(() => resolve(`load ${loads.length}`)));
    const asked = Array.from({ length: 20 }, () => cache.get('key', load));
    for (const release of loads) release();
    expect(await Promise.all(asked)).toEqual(Array(20).fill('load 1'));
    expect(loads).toHaveLength(1);
  });

  it('lets a caller that waited on a failed load load for itself', async () => {
    const cache = new ExpiringCache<string, string>(60_000);
    let fail!: () => void;
    const first = cache.get('key', () => new Promise<string>((_, reject) => (fail = () => reject(new Error('the first caller’s transaction was aborted')))));
    const second = cache.get('key', async () => 'read by the second caller');
    fail();
    await expect(first).rejects.toThrow('aborted');
    expect(await second).toBe('read by the second caller');
  });

  it('does not answer a caller after a forget from a load that began before it', async () => {
    const cache = new ExpiringCache<string, string>(60_000);
    let release!: () => void;
    const before = cache.get('m', () => new Promise<string>((resolve) => (release = () => resolve('before the change'))));
    cache.forget('m');
    const after = cache.get('m', async () => 'after the change');
    release();
    expect(await before).toBe('before the change');
    expect(await after).toBe('after the change');
    expect(await cache.get('m', async () => 'read again')).toBe('after the change');
  });
});
