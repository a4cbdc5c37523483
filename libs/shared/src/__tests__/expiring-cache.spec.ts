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
});
