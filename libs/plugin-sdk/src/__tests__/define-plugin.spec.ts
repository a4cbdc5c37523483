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
