/**
 * ESLint (flat config): the boundaries of industry plugins. A plugin imports only
 * @loyalty/plugin-sdk among the platform's packages, plus npm packages, and nothing outside its own
 * folder. Type checking is tsc's (npm run typecheck); style is not linted.
 */
const tsParser = require('@typescript-eslint/parser');
const pluginBoundaries = require('./tools/lint/plugin-boundaries');

module.exports = [
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.nx/**'] },
  {
    files: ['plugins/**/*.ts'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
    plugins: { loyalty: { rules: { 'plugin-boundaries': pluginBoundaries } } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^@loyalty/(?!plugin-sdk(/testing)?$)', message: 'A plugin imports only @loyalty/plugin-sdk from the platform.' }] },
      ],
      'loyalty/plugin-boundaries': 'error',
    },
  },
];
