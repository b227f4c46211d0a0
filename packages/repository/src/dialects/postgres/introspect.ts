import type { Knex } from 'knex';
import type { ColumnInfo, TableInfo, TableRef } from '../dialect.js';
import { versionIndexName } from '../index-name.js';
import { postgresKindOf } from './column-types.js';
import { quotePostgresIdentifier, quotePostgresTable } from './identifier.js';

/** Finds a PostgreSQL table case-insensitively (in `schema`, else the current schema) and reads its columns. */
export async function describePostgresTable(knex: Knex, ref: TableRef): Promise<TableInfo | undefined> {
  const found = await knex.raw(
    'SELECT table_schema, table_name FROM information_schema.tables ' +
      'WHERE table_schema = COALESCE(?, current_schema()) AND lower(table_name) = lower(?) ' +
      'ORDER BY table_name = ? DESC LIMIT 1',
    [ref.schema ?? null, ref.name, ref.name],
  );
  const row = found.rows[0] as { table_schema: string; table_name: string } | undefined;
  if (!row) return undefined;
  const cols = await knex.raw(
    'SELECT column_name, data_type FROM information_schema.columns ' +
      'WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
    [row.table_schema, row.table_name],
  );
  const columns: ColumnInfo[] = (cols.rows as { column_name: string; data_type: string }[]).map((c) => ({
    name: c.column_name,
    type: c.data_type,
    kind: postgresKindOf(c.data_type),
  }));
  const pk = await knex.raw(
    'SELECT kcu.column_name FROM information_schema.table_constraints tc ' +
      'JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name ' +
      'AND kcu.constraint_schema = tc.constraint_schema AND kcu.table_name = tc.table_name ' +
      "WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = ? AND tc.table_name = ? " +
      'ORDER BY kcu.ordinal_position',
    [row.table_schema, row.table_name],
  );
  return {
    schema: row.table_schema,
    name: row.table_name,
    columns,
    primaryKey: (pk.rows as { column_name: string }[]).map((r) => r.column_name),
  };
}

/** Creates an index on VERSION unless an index already starts with that column. */
export async function ensurePostgresVersionIndex(
  knex: Knex,
  table: TableInfo,
  version: ColumnInfo,
): Promise<void> {
  const qualified = quotePostgresTable(table);
  const existing = await knex.raw(
    'SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] ' +
      'WHERE i.indrelid = ?::regclass AND a.attname = ?',
    [qualified, version.name],
  );
  if (existing.rows.length > 0) return;
  const name = quotePostgresIdentifier(versionIndexName(`${table.schema}.${table.name}`));
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS ${name} ON ${qualified} (${quotePostgresIdentifier(version.name)})`,
  );
}
