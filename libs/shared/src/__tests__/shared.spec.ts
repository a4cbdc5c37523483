import { version } from 'uuid';
import { addMonthsInZone, canonicalJson, ConfigError, derivedId, isUuid, loadConfig, localDateOf, localDateTimeOf, localMinuteOf, localTimeToUtc, newId, parseInput, phoneSchema, requireIdempotencyKey, uuidV7Floor } from '@loyalty/shared';

describe('canonicalJson', () => {
  it('is the same for the same data whatever the key order, and differs for different data', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });
});

describe('zone times (offsets are kept per zone and hour)', () => {
  it('are exact on both sides of a daylight-saving change, and in the hour it happens', () => {
    // London: 2011-03-27 01:00 UTC clocks go forward; 2011-10-30 01:00 UTC they go back.
    expect(localTimeToUtc('2011-03-27 00:59:59', 'Europe/London')?.toISOString()).toBe('2011-03-27T00:59:59.000Z');
    expect(localTimeToUtc('2011-03-27 02:00:00', 'Europe/London')?.toISOString()).toBe('2011-03-27T01:00:00.000Z');
    expect(localTimeToUtc('2011-10-30 00:30:00', 'Europe/London')?.toISOString()).toBe('2011-10-29T23:30:00.000Z');
    expect(localDateOf(new Date('2011-10-29T23:30:00Z'), 'Europe/London')).toBe('2011-10-30');
    expect(localDateOf(new Date('2011-10-29T22:59:59Z'), 'Europe/London')).toBe('2011-10-29');
    // Kathmandu is UTC+5:45: a date changes at 18:15 UTC.
    expect(localDateOf(new Date('2024-01-01T18:14:59Z'), 'Asia/Kathmandu')).toBe('2024-01-01');
    expect(localDateOf(new Date('2024-01-01T18:15:00Z'), 'Asia/Kathmandu')).toBe('2024-01-02');
    expect(localDateTimeOf(new Date('2024-01-01T18:14:59Z'), 'Asia/Kathmandu')).toBe('2024-01-01 23:59');
    expect(localMinuteOf(new Date('2024-01-01T18:15:00Z'), 'Asia/Kathmandu')).toBe(0);
    // Lord Howe Island moves its clocks by half an hour: 2024-04-06 15:00 UTC, 02:00 daylight time becomes 01:30.
    expect(localDateTimeOf(new Date('2024-04-06T14:59:00Z'), 'Australia/Lord_Howe')).toBe('2024-04-07 01:59');
    expect(localDateTimeOf(new Date('2024-04-06T15:00:00Z'), 'Australia/Lord_Howe')).toBe('2024-04-07 01:30');
    expect(localMinuteOf(new Date('2011-10-30T01:00:00Z'), 'Europe/London')).toBe(60);
    // ... and forward by half an hour at 15:30 UTC, within a UTC hour: 02:00 standard time becomes 02:30.
    expect(localDateTimeOf(new Date('2024-10-05T15:29:59Z'), 'Australia/Lord_Howe')).toBe('2024-10-06 01:59');
    expect(localDateTimeOf(new Date('2024-10-05T15:30:00Z'), 'Australia/Lord_Howe')).toBe('2024-10-06 02:30');
    expect(() => localDateOf(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
    // A summer instant a month before the change back lands in winter time, same local time.
    expect(addMonthsInZone(new Date('2011-09-30T12:00:00.250Z'), 1, 'Europe/London').toISOString()).toBe('2011-10-30T13:00:00.250Z');
  });
});

describe('newId', () => {
  it('is a version 7 UUID carrying the current time, unique and in creation order even within a millisecond', () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, newId);
    expect(ids.every((id) => isUuid(id) && version(id) === 7 && /^[0-9a-f-]{14}7[0-9a-f]{3}-[89ab]/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    const millis = parseInt(ids[0].replace('-', '').slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(Date.now());
  });

  it('sorts after the floor of any earlier moment and before the floor of any later one', () => {
    const before = new Date(Date.now() - 1);
    const id = newId();
    expect(uuidV7Floor(before) < id).toBe(true);
    expect(id < uuidV7Floor(new Date(Date.now() + 1_000))).toBe(true);
    expect(uuidV7Floor(new Date('2026-12-05T00:00:00.000Z'))).toBe('01a24380-2000-7000-8000-000000000000');
  });
});

describe('derivedId', () => {
  it('is stable for the same parts and differs otherwise', () => {
    expect(derivedId('store', 'key', 'earn')).toBe(derivedId('store', 'key', 'earn'));
    expect(derivedId('store', 'key', 'earn')).not.toBe(derivedId('store', 'key', 'redeem'));
    expect(derivedId('ab', 'c')).not.toBe(derivedId('a', 'bc'));
  });
});

describe('phone numbers', () => {
  it.each(['13800138000', '+8613800138000', '+86 138-0013-8000', ' 138 0013 8000 ', '008613800138000'])('accepts %s as 13800138000', (input) => {
    expect(parseInput(phoneSchema, input)).toBe('13800138000');
  });
  it.each(['12345', '23800138000', '138001380001', '1380013800a', '', '12345678901'])('rejects %s', (input) => {
    expect(() => parseInput(phoneSchema, input)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }));
  });
});

describe('Idempotency-Key', () => {
  it('is required, visible ASCII, at most 128 characters', () => {
    expect(requireIdempotencyKey('pos-1:abc_DEF')).toBe('pos-1:abc_DEF');
    expect(() => requireIdempotencyKey(undefined)).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REQUIRED' }));
    expect(() => requireIdempotencyKey('a b')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => requireIdempotencyKey('x'.repeat(129))).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: '.data', NODE_ENV: 'development' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names every bad variable at once, with the value it got', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', JWT_SECRET: 'short' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT']);
    expect(error!.message).toContain('"eighty"');
  });

  it('requires an explicit JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required in production/);
  });
});
