import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The operator console. `npm run console:dev` serves it with the API proxied to PLATFORM_URL
 * (default http://localhost:3000); `npm run console:build` writes dist/console, which the
 * platform serves at `/`.
 */
const platform = process.env.PLATFORM_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: __dirname,
  base: '/',
  // JSX with React's automatic runtime (Vite's own transform; no React plugin needed).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(__dirname, '../../dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      // Libraries' "use client" lines mean nothing in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: Number(process.env.CONSOLE_PORT ?? 5173),
    proxy: Object.fromEntries(['/graphql', '/api', '/health', '/metrics'].map((path) => [path, { target: platform, changeOrigin: true }])),
  },
});
