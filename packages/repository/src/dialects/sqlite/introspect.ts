import type { Knex } from 'knex';
import type { ColumnInfo, TableInfo, TableRef } from '../dialect.js';
import { versionIndexName } from '../index-name.js';
import { sqliteKindOf } from './column-types.js';
import { quoteSqliteIdentifier } from './identifier.js';

/** Finds a SQLite table or view case-insensitively and reads its columns. */
export async function describeSqliteTable(knex: Knex, ref: TableRef): Promise<TableInfo | undefined> {
  const master = ref.schema
    ? `${quoteSqliteIdentifier(ref.schema, 'table_name')}.sqlite_master`
    : 'sqlite_master';
  const found = (await knex.raw(
    `SELECT name, type FROM ${master} WHERE type IN ('table', 'view') AND lower(name) = lower(?) ORDER BY name = ? DESC`,
    [ref.name, ref.name],
  )) as { name: string; type: string }[];
  const name = found[0]?.name;
  if (name === undefined) return undefined;
  const cols = (await knex.raw('SELECT name, type, pk FROM pragma_table_info(?, ?) ORDER BY cid', [
    name,
    ref.schema ?? 'main',
  ])) as { name: string; type: string; pk: number }[];
  const columns: ColumnInfo[] = cols.map((c) => ({ name: c.name, type: c.type, kind: sqliteKindOf(c.type) }));
  const primaryKey = cols
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  return {
    ...(ref.schema ? { schema: ref.schema } : {}),
    name,
    columns,
    primaryKey,
    ...(found[0]?.type === 'view' ? { view: true } : {}),
  };
}

/** Creates an index on VERSION unless one already starts with that column. */
export async function ensureSqliteVersionIndex(
  knex: Knex,
  table: TableInfo,
  version: ColumnInfo,
): Promise<void> {
  const schema = table.schema ?? 'main';
  const existing = (await knex.raw(
    'SELECT il.name FROM pragma_index_list(?, ?) AS il, pragma_index_info(il.name, ?) AS ii ' +
      'WHERE ii.seqno = 0 AND ii.name = ?',
    [table.name, schema, schema, version.name],
  )) as unknown[];
  if (existing.length > 0) return;
  const name = versionIndexName(`${schema}.${table.name}`);
  const qualified = table.schema
    ? `${quoteSqliteIdentifier(table.schema)}.${quoteSqliteIdentifier(name)}`
    : quoteSqliteIdentifier(name);
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS ${qualified} ON ${quoteSqliteIdentifier(table.name)} (${quoteSqliteIdentifier(version.name)})`,
  );
}
