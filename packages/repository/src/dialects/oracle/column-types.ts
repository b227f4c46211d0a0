import type { ColumnKind } from '../dialect.js';

const TYPES: Record<ColumnKind, string> = {
  integer: 'NUMBER(19)',
  float: 'BINARY_DOUBLE',
  boolean: 'NUMBER(1)',
  string: 'VARCHAR2(4000)',
  datetime: 'TIMESTAMP(6)',
  other: 'VARCHAR2(4000)',
};

/** Oracle column type for a kind (BINARY_DOUBLE keeps doubles exact; NUMBER(8,2) would round). */
export function oracleColumnType(kind: ColumnKind): string {
  return TYPES[kind];
}

/** Kind of an Oracle type as `ALL_TAB_COLUMNS` gives it, e.g. `NUMBER(*,0)`, `NUMBER(1)`, `BINARY_DOUBLE`. */
export function oracleKindOf(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (t === 'NUMBER(1)' || t === 'BOOLEAN') return 'boolean';
  if (t.startsWith('NUMBER')) return /,\s*0\)$/.test(t) || /^NUMBER\(\d+\)$/.test(t) ? 'integer' : 'float';
  if (t === 'INTEGER') return 'integer';
  if (t.startsWith('BINARY_') || t.startsWith('FLOAT')) return 'float';
  if (t.includes('CHAR') || t.includes('CLOB')) return 'string';
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return 'datetime';
  return 'other';
}

/** Builds `NUMBER(p,s)`-style names from ALL_TAB_COLUMNS fields. */
export function oracleTypeName(dataType: string, precision: number | null, scale: number | null): string {
  if (dataType !== 'NUMBER') return dataType;
  if (precision === null && scale === null) return 'NUMBER';
  if (scale === 0) return precision === null ? 'NUMBER(*,0)' : `NUMBER(${precision})`;
  return `NUMBER(${precision ?? '*'},${scale ?? 0})`;
}
