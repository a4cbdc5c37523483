/**
 * ESLint rule for plugins/<name>/**: a plugin reaches the platform only through @loyalty/plugin-sdk.
 * Catches what `no-restricted-imports` cannot: relative paths that leave the plugin's folder, and
 * `require()` / `import()` of platform packages.
 */
const { dirname, relative, resolve, sep } = require('node:path');

const PLATFORM_PACKAGE = /^@loyalty\/(?!plugin-sdk(\/testing)?$)/;

/** The plugin folder a file is in (`<root>/plugins/<name>`), or null. */
function pluginFolderOf(filename) {
  const parts = filename.split(sep);
  const at = parts.lastIndexOf('plugins');
  return at >= 0 && parts.length > at + 2 ? parts.slice(0, at + 2).join(sep) : null;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Plugins import only @loyalty/plugin-sdk from the platform, and nothing outside their own folder' },
    schema: [],
    messages: {
      platform: '"{{source}}": a plugin imports only @loyalty/plugin-sdk from the platform.',
      escape: '"{{source}}" leaves the plugin\'s folder: a plugin imports only its own files, @loyalty/plugin-sdk and npm packages.',
    },
  },
  create(context) {
    const folder = pluginFolderOf(context.filename);
    if (!folder) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (PLATFORM_PACKAGE.test(source)) {
        context.report({ node, messageId: 'platform', data: { source } });
      } else if (source.startsWith('/') || (source.startsWith('.') && relative(folder, resolve(dirname(context.filename), source)).startsWith('..'))) {
        context.report({ node, messageId: 'escape', data: { source } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportEqualsDeclaration: (node) => node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression.value),
      CallExpression: (node) => {
        const callee = node.callee;
        const isRequire = callee.type === 'Identifier' && callee.name === 'require';
        const isResolve = callee.type === 'MemberExpression' && callee.object.name === 'require' && callee.property.name === 'resolve';
        if ((isRequire || isResolve) && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
    };
  },
};
