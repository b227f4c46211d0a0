import type { ColumnInfo, ColumnKind } from './dialects/dialect.js';
import { InvalidValueError, TypeMismatchError } from './errors.js';

const EXPECTED: Record<ColumnKind, string> = {
  integer: 'an integer',
  float: 'a finite number',
  boolean: 'a boolean',
  string: 'a string',
  datetime: 'a Date or an ISO-8601 string',
  other: 'a string, number, boolean or Date',
};

/**
 * Checks every value of every column against the real column's kind before any write starts, so a bad
 * value changes nothing. NaN and ±Infinity are refused everywhere (null is the missing value).
 */
export function checkValues(
  rows: readonly (readonly unknown[])[],
  columns: readonly ColumnInfo[],
  parameter: string,
): void {
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    const kind = column.kind;
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r]![c];
      if (v === null || v === undefined) continue;
      if (!fits(v, kind)) {
        if (
          (typeof v === 'number' && !Number.isFinite(v)) ||
          (v instanceof Date && Number.isNaN(v.getTime()))
        )
          throw new InvalidValueError(column.name, r, v, parameter);
        throw new TypeMismatchError(column.name, `${EXPECTED[kind]} (${column.type})`, r, v, parameter);
      }
    }
  }
}

function fits(v: unknown, kind: ColumnKind): boolean {
  switch (kind) {
    case 'integer':
      return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
    case 'float':
      return (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint';
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'datetime':
      return (
        (v instanceof Date && !Number.isNaN(v.getTime())) ||
        (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)))
      );
    case 'other':
      return (
        typeof v === 'string' ||
        typeof v === 'boolean' ||
        typeof v === 'bigint' ||
        (typeof v === 'number' && Number.isFinite(v)) ||
        (v instanceof Date && !Number.isNaN(v.getTime()))
      );
  }
}
