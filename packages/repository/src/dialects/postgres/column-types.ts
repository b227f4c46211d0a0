import type { ColumnKind } from '../dialect.js';

const TYPES: Record<ColumnKind, string> = {
  integer: 'BIGINT',
  float: 'DOUBLE PRECISION',
  boolean: 'BOOLEAN',
  string: 'TEXT',
  datetime: 'TIMESTAMP(6)',
  other: 'TEXT',
};

/** PostgreSQL column type for a kind (timestamps hold UTC, without time zone, like the seed's TIMESTAMP(6)). */
export function postgresColumnType(kind: ColumnKind): string {
  return TYPES[kind];
}

/** Kind of a PostgreSQL `information_schema.columns.data_type`. */
export function postgresKindOf(type: string): ColumnKind {
  const t = type.toLowerCase();
  if (t === 'boolean') return 'boolean';
  if (t === 'smallint' || t === 'integer' || t === 'bigint') return 'integer';
  if (t === 'double precision' || t === 'real' || t === 'numeric' || t === 'decimal') return 'float';
  if (t.includes('char') || t === 'text' || t === 'uuid') return 'string';
  if (t.startsWith('timestamp') || t === 'date') return 'datetime';
  return 'other';
}
