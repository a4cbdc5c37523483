import { registerHooks } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Packages a plugin must share with the platform rather than bring its own copy of: one Nest, one
 * GraphQL, one zod, and the SDK itself (its errors and tokens are the platform's). A plugin lists
 * them as peer dependencies.
 */
const HOST_PACKAGES = /^(@loyalty\/plugin-sdk|@nestjs\/[^/]+|@mikro-orm\/[^/]+|graphql|zod|rxjs|reflect-metadata)(\/.*)?$/;

const pluginDirs: string[] = [];
let registered = false;

/** Where the platform's SDK is: beside this library, as sources (tests) or built (dist). */
function sdkEntry(specifier: string): string {
  const sdkSource = join(__dirname, '..', '..', '..', 'plugin-sdk', 'src');
  return require.resolve(specifier === '@loyalty/plugin-sdk/testing' ? join(sdkSource, 'testing', 'index') : join(sdkSource, 'index'));
}

/**
 * Makes a plugin loaded from a path outside the platform resolve the host packages to the
 * platform's own copies (Node's module hooks). Under Jest, its resolver does this already.
 */
export function shareHostPackagesWith(path: string): void {
  if (process.env.JEST_WORKER_ID) return;
  pluginDirs.push(dirname(path) + sep);
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL?.startsWith('file:') ? new URL(context.parentURL).pathname : '';
      if (!HOST_PACKAGES.test(specifier) || !pluginDirs.some((dir) => parent.startsWith(dir))) return nextResolve(specifier, context);
      const target = specifier.startsWith('@loyalty/plugin-sdk') ? sdkEntry(specifier) : require.resolve(specifier);
      return { url: pathToFileURL(target).href, format: 'commonjs', shortCircuit: true };
    },
  });
}
