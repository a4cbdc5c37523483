import Ajv, { type ValidateFunction } from 'ajv';
import { type PluginDefinition, tablePrefixOf } from '@loyalty/plugin-sdk';
import { badRequest } from '@loyalty/shared';

/** Settings that fail a plugin's schema: each problem with its path. */
export const invalidSettings = (pluginId: string, details: { path: string; message: string }[]) =>
  badRequest('PLUGIN_SETTINGS_INVALID', `Invalid settings for plugin ${pluginId}: ${details.map((d) => `${d.path || '(settings)'} ${d.message}`).join('; ')}`, details);

export const pluginNotFound = (pluginId: string) => badRequest('PLUGIN_NOT_FOUND', `No plugin "${pluginId}" is loaded on this platform`);

/** A loaded plugin with its settings validator (compiled once, at start). */
export interface LoadedPlugin {
  definition: PluginDefinition;
  tablePrefix: string;
  /** Applies the schema's defaults to a copy and returns it, or throws PLUGIN_SETTINGS_INVALID. */
  checkSettings(settings: Record<string, unknown>): Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strictTypes: false, strictTuples: false });

/** Compiles a plugin's settings schema; throws with ajv's message when the schema itself is wrong. */
export function loadedPlugin(definition: PluginDefinition): LoadedPlugin {
  const validate: ValidateFunction | null = definition.settings ? ajv.compile(definition.settings.schema) : null;
  return {
    definition,
    tablePrefix: tablePrefixOf(definition.id),
    checkSettings(settings) {
      const copy = structuredClone(settings);
      if (!validate) return copy;
      if (validate(copy)) return copy;
      throw invalidSettings(
        definition.id,
        (validate.errors ?? []).map((e) => ({
          path: [...e.instancePath.split('/').slice(1), ...(e.keyword === 'required' ? [String(e.params.missingProperty)] : [])].join('.'),
          message: e.message ?? 'is invalid',
        })),
      );
    },
  };
}

/** The plugins this process loaded (PLUGINS), in their configured order. */
export class PluginRegistry {
  private readonly byId: Map<string, LoadedPlugin>;

  constructor(readonly plugins: readonly LoadedPlugin[]) {
    this.byId = new Map(plugins.map((plugin) => [plugin.definition.id, plugin]));
  }

  get(pluginId: string): LoadedPlugin {
    const plugin = this.byId.get(pluginId);
    if (!plugin) throw pluginNotFound(pluginId);
    return plugin;
  }
}
