import type { ColumnKind } from '../dialect.js';

const TYPES: Record<ColumnKind, string> = {
  integer: 'INTEGER',
  float: 'REAL',
  boolean: 'BOOLEAN',
  string: 'TEXT',
  datetime: 'TIMESTAMP',
  other: 'TEXT',
};

/** SQLite declared type for a kind (REAL is an 8-byte IEEE double). */
export function sqliteColumnType(kind: ColumnKind): string {
  return TYPES[kind];
}

/** Kind of a SQLite declared type, following SQLite's affinity rules plus BOOL/DATE/TIME names. */
export function sqliteKindOf(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (t.includes('BOOL')) return 'boolean';
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'string';
  if (t.includes('DATE') || t.includes('TIME')) return 'datetime';
  if (
    t.includes('REAL') ||
    t.includes('FLOA') ||
    t.includes('DOUB') ||
    t.includes('NUMERIC') ||
    t.includes('DEC')
  )
    return 'float';
  return 'other';
}
