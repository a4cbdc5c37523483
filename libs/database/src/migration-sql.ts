/**
 * A statement that drops the check constraint of `table` whose definition contains `fragment`:
 * for hand-written migrations changing a check that PostgreSQL named itself (an inline check's
 * name depends on the other constraints around it). Fails unless exactly one matches.
 */
export const dropCheckStatement = (table: string, fragment: string): string => `do $$ declare name text; begin
    select conname into strict name from pg_constraint
    where conrelid = '${table}'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%${fragment}%';
    execute format('alter table ${table} drop constraint %I', name);
  end $$;`;
