/** One Jest run for the whole workspace: unit tests, medium tests on a real PostgreSQL, e2e. */
const { readFileSync } = require('node:fs');

const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(swcrc.jsc.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/plugins'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, sourceMaps: 'inline', jsc: { ...swcrc.jsc, baseUrl: __dirname } }] },
  moduleNameMapper,
  // A plugin loaded from outside the repository (a path in PLUGINS) finds Nest, GraphQL and zod here.
  modulePaths: ['<rootDir>/node_modules'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/libs/testing/src/verify-after-suite.ts'],
  // Two cores: two workers share the one test database, each spec in its own tenants.
  maxWorkers: 2,
  testTimeout: 60_000,
  slowTestThreshold: 15,
};
