import type { Knex } from 'knex';
import type { ColumnInfo, TableInfo, TableRef } from '../dialect.js';
import { versionIndexName } from '../index-name.js';
import { oracleKindOf, oracleTypeName } from './column-types.js';
import { quoteOracleIdentifier, quoteOracleTable } from './identifier.js';

/** The introspection statements (exported for compiled-SQL tests). */
export const ORACLE_INTROSPECTION = {
  findTable:
    "SELECT OWNER, TABLE_NAME FROM ALL_TABLES WHERE OWNER = NVL(?, SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')) " +
    'AND UPPER(TABLE_NAME) = UPPER(?) ORDER BY CASE WHEN TABLE_NAME = ? THEN 0 ELSE 1 END',
  columns:
    'SELECT COLUMN_NAME, DATA_TYPE, DATA_PRECISION, DATA_SCALE FROM ALL_TAB_COLUMNS ' +
    'WHERE OWNER = ? AND TABLE_NAME = ? ORDER BY COLUMN_ID',
  primaryKey:
    'SELECT cc.COLUMN_NAME FROM ALL_CONSTRAINTS c JOIN ALL_CONS_COLUMNS cc ' +
    'ON cc.OWNER = c.OWNER AND cc.CONSTRAINT_NAME = c.CONSTRAINT_NAME ' +
    "WHERE c.CONSTRAINT_TYPE = 'P' AND c.OWNER = ? AND c.TABLE_NAME = ? ORDER BY cc.POSITION",
  versionIndex:
    'SELECT 1 FROM ALL_IND_COLUMNS WHERE TABLE_OWNER = ? AND TABLE_NAME = ? AND COLUMN_NAME = ? AND COLUMN_POSITION = 1',
};

/** `CREATE INDEX` for the VERSION column (exported for compiled-SQL tests). */
export function oracleVersionIndexSql(table: TableInfo, version: ColumnInfo): string {
  const name = versionIndexName(`${table.schema}.${table.name}`);
  const qualifiedIndex = table.schema
    ? `${quoteOracleIdentifier(table.schema)}.${quoteOracleIdentifier(name)}`
    : quoteOracleIdentifier(name);
  return `CREATE INDEX ${qualifiedIndex} ON ${quoteOracleTable(table)} (${quoteOracleIdentifier(version.name)})`;
}

/** Finds an Oracle table case-insensitively (unquoted names are stored upper case). */
export async function describeOracleTable(knex: Knex, ref: TableRef): Promise<TableInfo | undefined> {
  const found = (await knex.raw(ORACLE_INTROSPECTION.findTable, [
    ref.schema ?? null,
    ref.name,
    ref.name,
  ])) as {
    OWNER: string;
    TABLE_NAME: string;
  }[];
  const row = found[0];
  if (!row) return undefined;
  const cols = (await knex.raw(ORACLE_INTROSPECTION.columns, [row.OWNER, row.TABLE_NAME])) as {
    COLUMN_NAME: string;
    DATA_TYPE: string;
    DATA_PRECISION: number | null;
    DATA_SCALE: number | null;
  }[];
  const columns: ColumnInfo[] = cols.map((c) => {
    const type = oracleTypeName(c.DATA_TYPE, c.DATA_PRECISION, c.DATA_SCALE);
    return { name: c.COLUMN_NAME, type, kind: oracleKindOf(type) };
  });
  const pk = (await knex.raw(ORACLE_INTROSPECTION.primaryKey, [row.OWNER, row.TABLE_NAME])) as {
    COLUMN_NAME: string;
  }[];
  return { schema: row.OWNER, name: row.TABLE_NAME, columns, primaryKey: pk.map((p) => p.COLUMN_NAME) };
}

/** Creates an index on VERSION unless an index already starts with that column. */
export async function ensureOracleVersionIndex(
  knex: Knex,
  table: TableInfo,
  version: ColumnInfo,
): Promise<void> {
  const existing = (await knex.raw(ORACLE_INTROSPECTION.versionIndex, [
    table.schema ?? null,
    table.name,
    version.name,
  ])) as unknown[];
  if (existing.length > 0) return;
  await knex.raw(oracleVersionIndexSql(table, version));
}
