/**
 * Writes a migration for the difference between the entities and the migrations so far, then
 * registers it in libs/database/src/migrations/index.ts. Runs against a scratch database. This is for
 * the loyalty core's entities; the clearing and settlement schemas are plain SQL migrations written
 * by hand in their own libraries.
 * Usage: npm run migration:create -- <name>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coreMigrations, createOrm, startEmbeddedPostgres } from '@loyalty/database';
import { membersServiceEntities } from '../../apps/members/src/members-service.entities';

async function main() {
  const name = process.argv[2];
  const scratch = await startEmbeddedPostgres({ dir: '.data/migration-scratch', port: 54339, database: `scratch_${Date.now()}` });
  const orm = await createOrm({ url: scratch.url, entities: membersServiceEntities });
  try {
    await orm.migrator.up();
    const result = await orm.migrator.create(undefined, false, false, name);
    if (!result.diff.up.length) {
      console.log('No changes: entities match the migrations.');
      return;
    }
    const className = result.fileName.replace(/\.ts$/, '');
    const indexPath = join(coreMigrations.sourceDir, 'index.ts');
    const source = readFileSync(indexPath, 'utf8');
    const lastImport = source.lastIndexOf('\nimport ');
    const afterImports = source.indexOf('\n', lastImport + 1) + 1;
    const index = `${source.slice(0, afterImports)}import { ${className} } from './${className}';\n${source.slice(afterImports)}`.replace(
      /(\n\];\s*)$/,
      `\n  { name: '${className}', class: ${className} },$1`,
    );
    writeFileSync(indexPath, index);
    console.log(`Wrote ${join(coreMigrations.sourceDir, result.fileName)}`);
  } finally {
    await orm.close();
    await scratch.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
