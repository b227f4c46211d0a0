import type { ColumnInfo, Dialect, TableInfo, TableRef } from './dialects/dialect.js';

/** SQL with `?` placeholders (knex turns them into $1 / :1 / ?) and its bindings. */
export interface Statement {
  sql: string;
  bindings: unknown[];
}

/** `CREATE TABLE` with one quoted column per entry and the dialect's type for its kind. */
export function createTableSql(d: Dialect, table: TableRef, columns: readonly ColumnInfo[]): string {
  const defs = columns.map((c) => `${d.quoteIdentifier(c.name, 'columns')} ${c.type}`).join(', ');
  return `CREATE TABLE ${d.quoteTable(table)} (${defs})`;
}

/** One-row `INSERT`, with `RETURNING *` where the dialect supports it through knex.raw. */
export function insertRecordSql(d: Dialect, table: TableInfo, columns: readonly ColumnInfo[]): string {
  const returning = d.name === 'sqlite' || d.name === 'postgres' ? ' RETURNING *' : '';
  const names = columns.map((c) => d.quoteIdentifier(c.name)).join(', ');
  return `INSERT INTO ${d.quoteTable(table)} (${names}) VALUES (${columns.map(() => '?').join(', ')})${returning}`;
}

/** The ORDER BY that makes pages stable: primary key, else SQLite's rowid (tables), else every column. */
export function stableOrder(d: Dialect, table: TableInfo): string {
  if (table.primaryKey.length) return table.primaryKey.map((c) => d.quoteIdentifier(c)).join(', ');
  if (d.name === 'sqlite' && !table.view) return 'rowid';
  return table.columns.map((c) => d.quoteIdentifier(c.name)).join(', ');
}

/** One page of a table in a stable order (Oracle 12c+ uses OFFSET ... FETCH NEXT). */
export function pageSql(d: Dialect, table: TableInfo, page: number, pageSize: number): Statement {
  const list = table.columns.map((c) => d.quoteIdentifier(c.name)).join(', ');
  const head = `SELECT ${list} FROM ${d.quoteTable(table)} ORDER BY ${stableOrder(d, table)}`;
  const offset = (page - 1) * pageSize;
  return d.name === 'oracle'
    ? { sql: `${head} OFFSET ? ROWS FETCH NEXT ? ROWS ONLY`, bindings: [offset, pageSize] }
    : { sql: `${head} LIMIT ? OFFSET ?`, bindings: [pageSize, offset] };
}

/** `SELECT COUNT(*)` of a table. */
export function countSql(d: Dialect, table: TableInfo): Statement {
  return { sql: `SELECT COUNT(*) FROM ${d.quoteTable(table)}`, bindings: [] };
}

/** A SELECT of some columns with an optional compiled WHERE fragment. */
export function selectSql(
  d: Dialect,
  table: TableInfo,
  columns: readonly ColumnInfo[],
  where?: Statement,
): Statement {
  const sql = `SELECT ${columns.map((c) => d.quoteIdentifier(c.name)).join(', ')} FROM ${d.quoteTable(table)}`;
  return where ? { sql: `${sql} WHERE ${where.sql}`, bindings: where.bindings } : { sql, bindings: [] };
}
