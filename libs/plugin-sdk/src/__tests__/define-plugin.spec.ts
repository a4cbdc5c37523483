import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin, fieldPrefixOf, isPluginDefinition, PLUGIN_SDK_API_VERSION, tablePrefixOf } from '@loyalty/plugin-sdk';

const base = { id: 'pet-store', name: { 'zh-CN': '宠物店', en: 'Pet store' }, version: '1.2.3', compatibility: '^1.0.0' };

describe('definePlugin', () => {
  it('returns the declaration, recognisable as a plugin', () => {
    const plugin = definePlugin(base);
    expect(plugin.id).toBe('pet-store');
    expect(isPluginDefinition(plugin)).toBe(true);
    expect(isPluginDefinition({ ...base })).toBe(false);
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  it('names its prefixes after the id', () => {
    expect(tablePrefixOf('pet-store')).toBe('pet_store_');
    expect(fieldPrefixOf('pet-store')).toBe('petStore');
  });

  it('refuses a wrong declaration, naming every problem', () => {
    const loader = class {} as never;
    expect(() =>
      definePlugin({
        ...base,
        id: 'Pet Store',
        version: 'one',
        compatibility: 'soon',
        permissions: [{ code: 'vet', label: { 'zh-CN': '兽医', en: 'Vet' } }],
        memberProfile: [{ field: 'pets', type: () => String, description: 'x', loader, permission: 'nurse' }],
        migrations: [
          { name: '001', up: [] },
          { name: '001', up: [] },
        ],
        pos: [{ path: 'Bad_Path', summary: 'x', input: undefined as never, handler: class {} as never }],
      }),
    ).toThrow(
      'Plugin "Pet Store" is declared wrongly: id must be lower-case kebab-case (e.g. "pet-store"); version "one" is not a semver version; compatibility "soon" is not a semver range; ' +
        'migration "001" is declared twice; member field "pets" needs undeclared permission "nurse"; POS endpoint path "Bad_Path" must be kebab-case',
    );
  });

  it('states the API version its package is published as', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@loyalty/plugin-sdk');
    expect(PLUGIN_SDK_API_VERSION).toBe(pkg.version);
  });
});

describe('definePlugin member fields', () => {
  it('must start with the plugin id in camelCase', () => {
    expect(() => definePlugin({ ...base, memberProfile: [{ field: 'pets', type: () => String, description: 'x', loader: class {} as never }] })).toThrow(
      'member field "pets" must start with "petStore"',
    );
  });
});

describe('definePlugin level measures', () => {
  it('must be kebab-case and declared once', () => {
    const provider = class {} as never;
    expect(() =>
      definePlugin({
        ...base,
        levelMeasures: [
          { name: 'grooming-visits', description: 'x', provider },
          { name: 'grooming-visits', description: 'x', provider },
          { name: 'Nights', description: 'x', provider },
        ],
      }),
    ).toThrow('level measure "grooming-visits" is declared twice; level measure "Nights" must be kebab-case');
    expect(definePlugin({ ...base, levelMeasures: [{ name: 'grooming-visits', description: 'x', provider }] }).levelMeasures).toHaveLength(1);
  });
});

describe('definePlugin notification triggers', () => {
  const payload = { memberId: 'm-1', merchantId: 'shop-1', pet: '旺财', dueOn: '2026-03-01' };
  const followUp = {
    trigger: 'pet_store_follow_up',
    event: 'pet-store.follow-up-due.v1',
    audience: 'member' as const,
    subject: '回访提醒',
    variables: ['pet', 'dueOn'],
    example: payload,
    occasion: (p: typeof payload) => ({ merchantId: p.merchantId, memberId: p.memberId, at: { day: p.dueOn, time: '10:00' }, values: { pet: p.pet, dueOn: p.dueOn } }),
  };

  it('accepts a trigger whose mapping fills exactly its variables', () => {
    expect(definePlugin({ ...base, notifications: [followUp] }).notifications).toHaveLength(1);
  });

  it('refuses names without the prefix, twice declared, other plugins’ events and a bad audience', () => {
    expect(() =>
      definePlugin({
        ...base,
        notifications: [
          { ...followUp, trigger: 'follow_up', event: 'pet.follow-up-due.v1' },
          { ...followUp, audience: 'owner' as never },
          { ...followUp, subject: ' ' },
        ],
      }),
    ).toThrow(
      'notification trigger "follow_up" must be snake_case and start with "pet_store_"; ' +
        'notification trigger "follow_up" must be fired by an event of the plugin ("pet-store.<name>.v<n>"), not "pet.follow-up-due.v1"; ' +
        'notification trigger "pet_store_follow_up" needs the audience "member" or "staff"; ' +
        'notification trigger "pet_store_follow_up" is declared twice; notification trigger "pet_store_follow_up" needs an e-mail subject',
    );
  });

  it('checks the mapping on the example: variables undeclared or not filled, no member, a bad time, a throw', () => {
    const problems = (occasion: (p: typeof payload) => unknown, extra: Record<string, unknown> = {}) => {
      try {
        definePlugin({ ...base, notifications: [{ ...followUp, ...extra, occasion: occasion as never }] });
        return '';
      } catch (error) {
        return (error as Error).message.replace('Plugin "pet-store" is declared wrongly: ', '');
      }
    };
    const what = 'notification trigger "pet_store_follow_up"';
    expect(problems((p) => ({ merchantId: p.merchantId, memberId: p.memberId, values: { pet: p.pet, vet: '李医生' } }))).toBe(
      `${what} fills undeclared variables: vet; ${what} does not fill its variables: dueOn`,
    );
    expect(problems((p) => ({ merchantId: p.merchantId, memberId: null, values: { pet: p.pet, dueOn: p.dueOn }, at: { day: '1 March', time: '10:00' } }))).toBe(
      `${what} is for members but gives no memberId for its example; ${what} gives an "at" that is neither a valid Date nor { day: "YYYY-MM-DD", time: "HH:mm" }`,
    );
    expect(problems(() => null)).toBe(`${what} gives no occasion for its example`);
    expect(problems((p) => (p as unknown as { owner: { name: string } }).owner.name)).toMatch(new RegExp(`^${what} fails on its example: `));
    expect(problems(() => ({}), { variables: ['merchantName', 'pet-name'] })).toBe(
      `${what} variable "merchantName" must not be declared: the platform fills it in; ${what} variable "pet-name" must be letters only (as {{pet-name}} in a template); ` +
        `${what} gives no merchantId for its example; ${what} is for members but gives no memberId for its example; ${what} does not fill its variables: merchantName, pet-name`,
    );
  });
});
