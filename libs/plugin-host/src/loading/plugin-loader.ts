import { isAbsolute, resolve } from 'node:path';
import { isPluginDefinition, PLUGIN_SDK_API_VERSION, type PluginDefinition } from '@loyalty/plugin-sdk';
import { ConfigError } from '@loyalty/shared';
import { satisfies } from 'semver';
import { loadedPlugin, type LoadedPlugin } from '../application/plugin-registry';
import { shareHostPackagesWith } from './host-packages';

const isPath = (spec: string) => spec.startsWith('.') || isAbsolute(spec);

/** The module a PLUGINS entry names: a plugin shipped with the platform, a path (from `cwd`), or an installed package. */
function requireSpec(spec: string, shipped: Readonly<Record<string, PluginDefinition>>, cwd: string): unknown {
  if (shipped[spec]) return { default: shipped[spec] };
  if (isPath(spec)) {
    const path = resolve(cwd, spec);
    shareHostPackagesWith(path);
    return require(path);
  }
  return require(require.resolve(spec, { paths: [cwd] }));
}

/**
 * Loads the plugins PLUGINS names, in order, and checks each before anything starts: it exports one
 * `definePlugin` definition, its `compatibility` range admits this SDK's API version, its id is
 * unique, its settings schema compiles. Every problem stops the start, named (exit 2 like any bad
 * configuration).
 */
export function loadPlugins(specs: readonly string[], shipped: Readonly<Record<string, PluginDefinition>>, cwd = process.cwd()): LoadedPlugin[] {
  const problems: string[] = [];
  const loaded: LoadedPlugin[] = [];
  for (const spec of specs) {
    let exports: unknown;
    try {
      exports = requireSpec(spec, shipped, cwd);
    } catch (error) {
      problems.push(`PLUGINS: cannot load "${spec}": ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const definitions = Object.values(exports as Record<string, unknown>).filter(isPluginDefinition);
    if (definitions.length !== 1) {
      problems.push(`PLUGINS: "${spec}" must export exactly one plugin made with definePlugin (found ${definitions.length})`);
      continue;
    }
    const [definition] = definitions;
    if (!satisfies(PLUGIN_SDK_API_VERSION, definition.compatibility)) {
      problems.push(
        `PLUGINS: plugin "${definition.id}" ${definition.version} (${spec}) is compatible with SDK API ${definition.compatibility}; this platform provides SDK API ${PLUGIN_SDK_API_VERSION}`,
      );
      continue;
    }
    if (loaded.some((other) => other.definition.id === definition.id)) {
      problems.push(`PLUGINS: plugin id "${definition.id}" is loaded twice (${spec})`);
      continue;
    }
    try {
      loaded.push(loadedPlugin(definition));
    } catch (error) {
      problems.push(`PLUGINS: plugin "${definition.id}" has an invalid settings schema: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}
