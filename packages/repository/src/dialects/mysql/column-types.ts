import type { ColumnKind } from '../dialect.js';

const TYPES: Record<ColumnKind, string> = {
  integer: 'BIGINT',
  float: 'DOUBLE',
  boolean: 'BOOLEAN',
  string: 'LONGTEXT',
  datetime: 'DATETIME(6)',
  other: 'LONGTEXT',
};

/** MySQL/MariaDB column type for a kind (DOUBLE, never FLOAT(8,2) which rounds). */
export function mysqlColumnType(kind: ColumnKind): string {
  return TYPES[kind];
}

/** Kind of an `information_schema.columns.column_type` such as `tinyint(1)` or `double`. */
export function mysqlKindOf(type: string): ColumnKind {
  const t = type.toLowerCase();
  if (t.startsWith('tinyint(1)') || t === 'boolean' || t === 'bool') return 'boolean';
  if (/^(tiny|small|medium|big)?int/.test(t)) return 'integer';
  if (/^(double|float|decimal|numeric|real)/.test(t)) return 'float';
  if (/char|text|enum|set/.test(t)) return 'string';
  if (/^(datetime|timestamp|date)/.test(t)) return 'datetime';
  return 'other';
}
