import { DataFrame } from 'danfojs-node';
import type { ColumnKind } from './dialects/dialect.js';
import { EmptyDataFrameError, InvalidArgumentError } from './errors.js';

/** A DataFrame taken apart into plain columns and row arrays (danfo stays at the edges). */
export interface FrameData {
  columns: string[];
  /** Row-major values; shares memory with the DataFrame, never mutate. */
  rows: unknown[][];
  /** danfo's dtype per column (`float32`, `int32`, `string`, `boolean`, `datetime`). */
  dtypes: string[];
}

/** Reads a danfo DataFrame's columns, rows and dtypes without copying. */
export function fromDataFrame(df: unknown, parameter = 'df', allowEmpty = false): FrameData {
  if (!(df instanceof DataFrame)) {
    if (df === null || typeof df !== 'object' || !('columns' in df) || !('values' in df))
      throw new InvalidArgumentError(`${parameter}: expected a danfojs-node DataFrame.`, { parameter });
  }
  const frame = df as DataFrame;
  const columns = [...(frame.columns as string[])];
  const rows = frame.values as unknown[][];
  if (columns.length === 0) throw new EmptyDataFrameError(parameter, 'It has no columns');
  if (!allowEmpty && rows.length === 0) throw new EmptyDataFrameError(parameter, 'It has no rows');
  return { columns, rows, dtypes: [...(frame.dtypes as string[])] };
}

const DTYPE_OF_KIND: Record<ColumnKind, string> = {
  integer: 'int32',
  float: 'float32',
  boolean: 'boolean',
  string: 'string',
  datetime: 'datetime',
  other: 'string',
};

/** Builds a DataFrame from row arrays; the rows array is handed over, not copied. */
export function toDataFrame(
  columns: readonly string[],
  kinds: readonly ColumnKind[],
  rows: unknown[][],
): DataFrame {
  return new DataFrame(rows, { columns: [...columns], dtypes: kinds.map((k) => DTYPE_OF_KIND[k]) });
}

/** The column kind of new data: danfo's dtype, checked against every value (danfo infers from 500 rows). */
export function inferKind(
  dtype: string | undefined,
  rows: readonly (readonly unknown[])[],
  index: number,
): ColumnKind {
  let sawInt = false;
  let sawFloat = false;
  let sawString = false;
  let sawBool = false;
  let sawDate = false;
  for (const row of rows) {
    const v = row[index];
    if (v === null || v === undefined) continue;
    switch (typeof v) {
      case 'number':
        if (Number.isInteger(v)) sawInt = true;
        else sawFloat = true;
        break;
      case 'bigint':
        sawInt = true;
        break;
      case 'string':
        sawString = true;
        break;
      case 'boolean':
        sawBool = true;
        break;
      default:
        if (v instanceof Date) sawDate = true;
        else sawString = true;
    }
  }
  if (sawString) return 'string';
  if (sawDate) return sawInt || sawFloat || sawBool ? 'string' : 'datetime';
  if (sawBool) return sawInt || sawFloat ? 'string' : 'boolean';
  if (sawFloat || dtype === 'float32' || dtype === 'float64') return 'float';
  if (sawInt) return 'integer';
  if (dtype === 'int32' || dtype === 'int64') return 'integer';
  if (dtype === 'boolean') return 'boolean';
  if (dtype === 'datetime') return 'datetime';
  return 'string';
}
