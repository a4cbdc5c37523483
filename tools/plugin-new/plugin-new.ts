/**
 * Scaffolds a plugin that builds and passes its own tests.
 * Usage: npm run plugin:new -- <id> [--dir <path>]
 * Without --dir it goes to plugins/<id> (built and tested with the platform). With a folder outside
 * the repository it is a vendor's package of its own: built with `npm run build` there, loaded by
 * path (PLUGINS=<folder>/dist/index.js); its node_modules links to the platform's packages (what
 * installing the SDK and its peer dependencies would give).
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PLUGIN_ID_PATTERN } from '@loyalty/plugin-sdk';
import { namesOf, pluginPackageFiles, pluginSources } from './plugin-templates';

export interface GeneratedPlugin {
  dir: string;
  files: string[];
  external: boolean;
}

/** Writes a new plugin with this id into `dir` (which must be new or empty). */
export function generatePlugin(id: string, dir: string, repoRoot: string): GeneratedPlugin {
  if (!PLUGIN_ID_PATTERN.test(id)) throw new Error(`The plugin id must be lower-case kebab-case (e.g. "pet-store"), not "${id}"`);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty`);
  const inside = relative(join(repoRoot, 'plugins'), dir);
  const external = inside.startsWith('..');
  const names = namesOf(id, external ? `loyalty-plugin-${id}` : `@loyalty/plugin-${id}`);
  const files = { ...pluginSources(names), ...pluginPackageFiles(names, external ? { repoRoot } : null) };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (external) symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, files: Object.keys(files), external };
}

function main(): void {
  const args = process.argv.slice(2);
  const dirAt = args.indexOf('--dir');
  const dirArg = dirAt >= 0 ? args[dirAt + 1] : undefined;
  const id = args.find((arg, i) => !arg.startsWith('--') && (dirAt < 0 || i !== dirAt + 1));
  if (!id || (dirAt >= 0 && !dirArg)) {
    console.error('Usage: npm run plugin:new -- <id> [--dir <path>]');
    process.exit(2);
  }
  const repoRoot = process.cwd();
  const generated = generatePlugin(id, resolve(dirArg ?? join('plugins', id)), repoRoot);
  console.log(`Wrote ${generated.files.length} files to ${generated.dir}`);
  console.log(
    generated.external
      ? `Next: cd ${generated.dir} && npm run build; load it with PLUGINS=${join(generated.dir, 'dist/index.js')}`
      : `Next: add "@loyalty/plugin-${id}" to tsconfig.json and .swcrc paths and to SHIPPED_PLUGINS (apps/members/src/shipped-plugins.ts); npm run jest -- plugins/${id}`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
