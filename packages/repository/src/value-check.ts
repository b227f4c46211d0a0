import type { ColumnInfo, ColumnKind } from './dialects/dialect.js';
import { InvalidValueError, TypeMismatchError } from './errors.js';
import { parseIsoDatetime } from './iso-datetime.js';

const EXPECTED: Record<ColumnKind, string> = {
  integer: 'an integer',
  float: 'a finite number',
  boolean: 'a boolean',
  string: 'a string',
  datetime: 'a Date or an ISO-8601 string such as 2024-01-02T03:04:05Z',
  other: 'a string, number, boolean or Date',
};

/**
 * Checks every value of every column against the real column's kind before any write starts, so a bad
 * value changes nothing. NaN and ±Infinity are refused everywhere (null is the missing value).
 * Returns the rows to write: datetime strings become the Date they name (see parseIsoDatetime), so every
 * dialect binds one representation. The input rows are never mutated (they may be a DataFrame's).
 */
export function checkValues(
  rows: readonly (readonly unknown[])[],
  columns: readonly ColumnInfo[],
  parameter: string,
): readonly (readonly unknown[])[] {
  const bad = firstBad(rows, columns);
  if (bad === undefined) return normaliseDatetimes(rows, columns);
  const [r, c] = bad;
  const column = columns[c]!;
  const v = rows[r]![c];
  if ((typeof v === 'number' && !Number.isFinite(v)) || (v instanceof Date && Number.isNaN(v.getTime())))
    throw new InvalidValueError(column.name, r, v, parameter);
  throw new TypeMismatchError(column.name, `${EXPECTED[column.kind]} (${column.type})`, r, v, parameter);
}

/** Replaces (already checked) datetime strings by Dates, copying only the rows that change. */
function normaliseDatetimes(
  rows: readonly (readonly unknown[])[],
  columns: readonly ColumnInfo[],
): readonly (readonly unknown[])[] {
  const datetimes: number[] = [];
  for (const [i, c] of columns.entries()) if (c.kind === 'datetime') datetimes.push(i);
  if (datetimes.length === 0) return rows;
  let out: (readonly unknown[])[] | undefined;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let copy: unknown[] | undefined;
    for (const c of datetimes) {
      const v = row[c];
      if (typeof v !== 'string') continue;
      copy ??= [...row];
      copy[c] = parseIsoDatetime(v);
    }
    if (copy === undefined) continue;
    out ??= [...rows];
    out[r] = copy;
  }
  return out ?? rows;
}

const FLOAT = 0;
const INTEGER = 1;
const STRING = 2;
const OTHER = 3;

/** [row, column] of the first value that does not fit its column, row by row (cache-friendly). */
function firstBad(
  rows: readonly (readonly unknown[])[],
  columns: readonly ColumnInfo[],
): [number, number] | undefined {
  const codes = columns.map((c) =>
    c.kind === 'float' ? FLOAT : c.kind === 'integer' ? INTEGER : c.kind === 'string' ? STRING : OTHER,
  );
  const width = codes.length;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) {
      const v = row[c];
      if (v === null || v === undefined) continue;
      switch (codes[c]) {
        case FLOAT:
          // v - v is NaN for NaN and ±Infinity
          if (typeof v === 'number' ? v - v !== 0 : typeof v !== 'bigint') return [r, c];
          break;
        case INTEGER:
          if (typeof v === 'number' ? !Number.isInteger(v) : typeof v !== 'bigint') return [r, c];
          break;
        case STRING:
          if (typeof v !== 'string') return [r, c];
          break;
        default:
          if (!fits(v, columns[c]!.kind)) return [r, c];
      }
    }
  }
  return undefined;
}

/** The kinds firstBad does not check inline: boolean, datetime and other. */
function fits(v: unknown, kind: ColumnKind): boolean {
  switch (kind) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'datetime':
      return (
        (v instanceof Date && !Number.isNaN(v.getTime())) ||
        (typeof v === 'string' && parseIsoDatetime(v) !== undefined)
      );
    default:
      return (
        typeof v === 'string' ||
        typeof v === 'boolean' ||
        typeof v === 'bigint' ||
        (typeof v === 'number' && Number.isFinite(v)) ||
        (v instanceof Date && !Number.isNaN(v.getTime()))
      );
  }
}
