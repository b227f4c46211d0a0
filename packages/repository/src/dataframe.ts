import type { DataFrame } from 'danfojs-node';
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

/** What write methods accept: a danfo DataFrame, or plain columns `{ name: values[] }`. */
export type FrameInput = DataFrame | Record<string, readonly unknown[] | ArrayLike<number | bigint>>;

/**
 * Reads a danfo DataFrame's columns, rows and dtypes without copying (danfo keeps rows), or transposes
 * plain columns. danfo itself is not loaded for this, so write-only programs start fast.
 */
export function fromDataFrame(df: unknown, parameter = 'df', allowEmpty = false): FrameData {
  if (df === null || typeof df !== 'object' || Array.isArray(df))
    throw new InvalidArgumentError(
      `${parameter}: expected a danfojs-node DataFrame or { column: values[] }.`,
      {
        parameter,
      },
    );
  const data =
    Object.getPrototypeOf(df) === Object.prototype || Object.getPrototypeOf(df) === null
      ? fromColumns(df as Record<string, unknown>, parameter)
      : fromDanfo(df, parameter);
  if (data.columns.length === 0) throw new EmptyDataFrameError(parameter, 'It has no columns');
  if (!allowEmpty && data.rows.length === 0) throw new EmptyDataFrameError(parameter, 'It has no rows');
  return data;
}

function fromDanfo(df: object, parameter: string): FrameData {
  const frame = df as { columns?: unknown; values?: unknown; dtypes?: unknown };
  if (!Array.isArray(frame.columns) || !Array.isArray(frame.values) || !Array.isArray(frame.dtypes))
    throw new InvalidArgumentError(
      `${parameter}: expected a danfojs-node DataFrame or { column: values[] }.`,
      {
        parameter,
      },
    );
  return {
    columns: [...(frame.columns as string[])],
    rows: frame.values as unknown[][],
    dtypes: [...frame.dtypes],
  };
}

function fromColumns(record: Record<string, unknown>, parameter: string): FrameData {
  const columns = Object.keys(record);
  const arrays = columns.map((c) => record[c]);
  let length: number | undefined;
  for (const [i, a] of arrays.entries()) {
    if (!Array.isArray(a) && !ArrayBuffer.isView(a))
      throw new InvalidArgumentError(`${parameter}: column ${JSON.stringify(columns[i])} is not an array.`, {
        parameter,
      });
    const n = (a as unknown[]).length;
    if (length !== undefined && n !== length)
      throw new InvalidArgumentError(`${parameter}: columns have different lengths (${length} and ${n}).`, {
        parameter,
      });
    length = n;
  }
  const rows: unknown[][] = new Array(length ?? 0);
  for (let r = 0; r < rows.length; r++) {
    const row = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const v = (arrays[c] as ArrayLike<unknown>)[r];
      row[c] = v;
    }
    rows[r] = row;
  }
  return { columns, rows, dtypes: columns.map(() => 'undefined') };
}

type DanfoModule = typeof import('danfojs-node');
let danfo: Promise<DanfoModule> | undefined;

/** Loads danfojs-node once, on the first read (it pulls in tfjs, ~1.5 s of startup). */
export function loadDanfo(): Promise<DanfoModule> {
  danfo ??= import('danfojs-node');
  return danfo;
}

const DTYPE_OF_KIND: Record<ColumnKind, string> = {
  integer: 'int32',
  float: 'float32',
  boolean: 'boolean',
  string: 'string',
  datetime: 'datetime',
  other: 'string',
};

/** Below this many rows the public constructor is fast enough. */
const FAST_BUILD_MIN_ROWS = 1_000;

interface DanfoInternals {
  $dataIncolumnFormat?: unknown;
  $config?: { setIsLowMemoryMode?: (on: boolean) => void };
}

/**
 * Builds a DataFrame from row arrays; the rows array is handed over, not copied.
 *
 * danfo's constructor keeps rows and a column-major copy, built by a column-at-a-time transpose that
 * costs more than reading the rows from the database. For large reads we construct in danfo's
 * low-memory mode (rows only), fill the column copy in one row-major pass, and switch the frame back to
 * normal mode: the same state the public constructor produces (pinned danfojs-node 1.2.0; a test
 * compares both), about 3× faster. Any other danfo shape falls back to the public constructor.
 */
export async function toDataFrame(
  columns: readonly string[],
  kinds: readonly ColumnKind[],
  rows: unknown[][],
): Promise<DataFrame> {
  const { DataFrame } = await loadDanfo();
  const options = { columns: [...columns], dtypes: kinds.map((k) => DTYPE_OF_KIND[k]) };
  if (rows.length < FAST_BUILD_MIN_ROWS) return new DataFrame(rows, options);
  const df = new DataFrame(rows, { ...options, config: { lowMemoryMode: true } });
  const internals = df as unknown as DanfoInternals;
  if (
    typeof internals.$config?.setIsLowMemoryMode !== 'function' ||
    !Array.isArray(internals.$dataIncolumnFormat)
  )
    return new DataFrame(rows, options);
  const width = columns.length;
  const n = rows.length;
  const byColumn: unknown[][] = Array.from({ length: width }, () => new Array(n));
  for (let r = 0; r < n; r++) {
    const row = rows[r]!;
    for (let c = 0; c < width; c++) byColumn[c]![r] = row[c];
  }
  internals.$dataIncolumnFormat = byColumn;
  internals.$config.setIsLowMemoryMode(false);
  return df;
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
