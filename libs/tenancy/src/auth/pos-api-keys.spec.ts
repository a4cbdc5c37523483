import { generatePosApiKey, parsePosApiKey, secretMatches } from './pos-api-keys';

describe('POS API keys', () => {
  it('parse back into the stored prefix, and only the right secret matches the stored hash', () => {
    const { key, prefix, secretHash } = generatePosApiKey();
    const parsed = parsePosApiKey(key)!;
    expect(parsed.prefix).toBe(prefix);
    expect(secretMatches(parsed.secret, secretHash)).toBe(true);
    expect(secretHash).not.toContain(parsed.secret);
    const other = generatePosApiKey();
    expect(secretMatches(parsePosApiKey(other.key)!.secret, secretHash)).toBe(false);
  });

  it('reject anything not shaped like a key', () => {
    for (const bad of ['', 'pos_', 'pos_zzzzzzzzzzzz_' + 'a'.repeat(32), 'key_0123456789ab_' + 'a'.repeat(32), 'pos_0123456789ab_short']) {
      expect(parsePosApiKey(bad)).toBeUndefined();
    }
  });
});
