import type { Knex } from 'knex';
import type { ColumnInfo, TableInfo, TableRef } from '../dialect.js';
import { versionIndexName } from '../index-name.js';
import { mysqlKindOf } from './column-types.js';
import { quoteMysqlIdentifier, quoteMysqlTable } from './identifier.js';

type Rows<T> = [T[], unknown];

/** Finds a MySQL/MariaDB table case-insensitively (in `schema`, else the current database). */
export async function describeMysqlTable(knex: Knex, ref: TableRef): Promise<TableInfo | undefined> {
  const [found] = (await knex.raw(
    'SELECT TABLE_SCHEMA AS s, TABLE_NAME AS n FROM information_schema.TABLES ' +
      'WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND LOWER(TABLE_NAME) = LOWER(?) ORDER BY TABLE_NAME = BINARY ? DESC LIMIT 1',
    [ref.schema ?? null, ref.name, ref.name],
  )) as Rows<{ s: string; n: string }>;
  const row = found[0];
  if (!row) return undefined;
  const [cols] = (await knex.raw(
    'SELECT COLUMN_NAME AS n, COLUMN_TYPE AS t, COLUMN_KEY AS k FROM information_schema.COLUMNS ' +
      'WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
    [row.s, row.n],
  )) as Rows<{ n: string; t: string; k: string }>;
  const columns: ColumnInfo[] = cols.map((c) => ({
    name: c.n,
    type: String(c.t),
    kind: mysqlKindOf(String(c.t)),
  }));
  return {
    schema: row.s,
    name: row.n,
    columns,
    primaryKey: cols.filter((c) => c.k === 'PRI').map((c) => c.n),
  };
}

/** Creates an index on VERSION unless an index already starts with that column. */
export async function ensureMysqlVersionIndex(
  knex: Knex,
  table: TableInfo,
  version: ColumnInfo,
): Promise<void> {
  const [existing] = (await knex.raw(
    'SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ' +
      'AND SEQ_IN_INDEX = 1 AND COLUMN_NAME = ?',
    [table.schema ?? null, table.name, version.name],
  )) as Rows<unknown>;
  if (existing.length > 0) return;
  const name = quoteMysqlIdentifier(versionIndexName(`${table.schema}.${table.name}`));
  await knex.raw(`CREATE INDEX ${name} ON ${quoteMysqlTable(table)} (${quoteMysqlIdentifier(version.name)})`);
}
