/**
 * Writes a migration for the difference between the entities and the migrations so far, then
 * registers it in libs/database/src/migrations/index.ts. Runs against a scratch database.
 * Usage: npm run migration:create -- <name>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrm, MIGRATIONS_SOURCE_DIR, startEmbeddedPostgres } from '@loyalty/database';
import { platformEntities } from '../../apps/platform/src/entities';

async function main() {
  const name = process.argv[2];
  const scratch = await startEmbeddedPostgres({ dir: '.data/migration-scratch', port: 54339, database: `scratch_${Date.now()}` });
  const orm = await createOrm({ url: scratch.url, entities: platformEntities });
  try {
    await orm.migrator.up();
    const result = await orm.migrator.create(undefined, false, false, name);
    if (!result.diff.up.length) {
      console.log('No changes: entities match the migrations.');
      return;
    }
    const className = result.fileName.replace(/\.ts$/, '');
    const indexPath = join(MIGRATIONS_SOURCE_DIR, 'index.ts');
    const source = readFileSync(indexPath, 'utf8');
    const lastImport = source.lastIndexOf('\nimport ');
    const afterImports = source.indexOf('\n', lastImport + 1) + 1;
    const index = `${source.slice(0, afterImports)}import { ${className} } from './${className}';\n${source.slice(afterImports)}`.replace(
      /(\n\];\s*)$/,
      `\n  { name: '${className}', class: ${className} },$1`,
    );
    writeFileSync(indexPath, index);
    console.log(`Wrote ${join(MIGRATIONS_SOURCE_DIR, result.fileName)}`);
  } finally {
    await orm.close();
    await scratch.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
