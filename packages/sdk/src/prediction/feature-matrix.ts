import type { FeatureBatch } from './model-runtime.js';
import { DhuoDataFrameError } from './prediction-errors.js';

/** A DataFrame as danfojs-node has it (and any `{ columns, values }` object): row-major values. */
export interface DataFrameLike {
  /** Column names. */
  readonly columns: readonly string[];
  /** Rows, each with one value per column. */
  readonly values: readonly (readonly unknown[])[];
}

/** Columns by name, each an array (or typed array) with one value per row. */
export type ColumnTable = Readonly<Record<string, ArrayLike<unknown>>>;

/** Rows as objects keyed by column name (what `df.toJSON()` and database drivers give). */
export type RowObjects = readonly Readonly<Record<string, unknown>>[];

/** What batch prediction accepts as its DataFrame. */
export type PredictionFrame = DataFrameLike | ColumnTable | RowObjects;

/** What the model needs from the frame. */
export interface FeatureRequest {
  /** Feature names the model reads, in order, if it names them. */
  readonly inputs?: readonly string[] | undefined;
  /** Feature count the model takes, if known. */
  readonly featureCount?: number | undefined;
  /** Columns to use, in order, when the model does not name its features. */
  readonly features?: readonly string[] | undefined;
  /** Whether NaN / null / undefined may be passed to the model. */
  readonly acceptsMissing: boolean;
  /** Precision of the matrix. */
  readonly dtype: 'float32' | 'float64';
  /** Name of the runtime, for messages. */
  readonly runtime: string;
}

/** A validated, row-major numeric copy of the frame's feature columns. */
export interface FeatureMatrix {
  readonly rows: number;
  /** Model feature names in order. */
  readonly features: readonly string[];
  /** The frame's column used for each feature (its own spelling). */
  readonly columns: readonly string[];
  readonly values: Float32Array | Float64Array;
  /** The rows `[start, end)` as a batch (a view, no copy). */
  slice(start: number, end: number): FeatureBatch;
}

interface FrameSource {
  readonly columns: readonly string[];
  readonly rows: number;
  /**
   * Copies the columns `indexes` (in that order) into `out`, row-major. `slow` is called for every
   * value that is not a number: it returns the number to use or throws. NaN is copied as is.
   */
  fill(indexes: readonly number[], out: Float32Array | Float64Array, slow: SlowValue): void;
}

type SlowValue = (value: unknown, row: number, column: number) => number;

function isDataFrameLike(frame: object): frame is DataFrameLike {
  const f = frame as Partial<DataFrameLike>;
  return Array.isArray(f.columns) && Array.isArray(f.values);
}

// The loops below are the hot path (millions of values). Only `typeof` is checked inline: a NaN
// test in the same loop makes V8's code several times slower, so NaN is looked for afterwards in
// the typed output (see findNaN).

function fillFromRowArrays(
  values: readonly (readonly unknown[])[],
  indexes: readonly number[],
  out: Float32Array | Float64Array,
  slow: SlowValue,
): void {
  const width = indexes.length;
  const n = values.length;
  for (let r = 0; r < n; r++) {
    const row = values[r];
    if (row === undefined || row === null) {
      for (let j = 0; j < width; j++) out[r * width + j] = slow(undefined, r, indexes[j]!);
      continue;
    }
    let o = r * width;
    for (let j = 0; j < width; j++, o++) {
      const v = row[indexes[j]!];
      out[o] = typeof v === 'number' ? v : slow(v, r, indexes[j]!);
    }
  }
}

function rowArraySource(columns: readonly string[], values: readonly (readonly unknown[])[]): FrameSource {
  return {
    columns,
    rows: values.length,
    fill: (indexes, out, slow) => fillFromRowArrays(values, indexes, out, slow),
  };
}

function rowObjectSource(rowsArray: RowObjects): FrameSource {
  const columns = rowsArray.length > 0 ? Object.keys(rowsArray[0]!) : [];
  return {
    columns,
    rows: rowsArray.length,
    fill(indexes, out, slow) {
      const width = indexes.length;
      const names = indexes.map((c) => columns[c]!);
      for (let r = 0; r < rowsArray.length; r++) {
        const row = rowsArray[r]!;
        let o = r * width;
        for (let j = 0; j < width; j++, o++) {
          const v = row[names[j]!];
          out[o] = typeof v === 'number' ? v : slow(v, r, indexes[j]!);
        }
      }
    },
  };
}

function columnTableSource(table: ColumnTable): FrameSource {
  const columns = Object.keys(table);
  const rows = columns.length > 0 ? table[columns[0]!]!.length : 0;
  for (const name of columns) {
    const column = table[name];
    if (!column || typeof column.length !== 'number') {
      throw new DhuoDataFrameError(
        `df: column '${name}' of the column table is not an array`,
        'not-a-dataframe',
        name,
      );
    }
    if (column.length !== rows) {
      throw new DhuoDataFrameError(
        `df: column '${name}' has ${column.length} values but column '${columns[0]}' has ${rows}`,
        'not-a-dataframe',
        name,
      );
    }
  }
  return {
    columns,
    rows,
    fill(indexes, out, slow) {
      const width = indexes.length;
      for (let j = 0; j < width; j++) {
        const c = indexes[j]!;
        const column = table[columns[c]!]!;
        for (let r = 0, o = j; r < rows; r++, o += width) {
          const v = column[r];
          out[o] = typeof v === 'number' ? v : slow(v, r, c);
        }
      }
    },
  };
}

/** Index of the first NaN in `values`, or -1. */
function findNaN(values: Float32Array | Float64Array): number {
  for (let i = 0, n = values.length; i < n; i++) {
    const v = values[i]!;
    // biome-ignore lint/suspicious/noSelfCompare: the fastest NaN test on a typed array
    if (v !== v) return i;
  }
  return -1;
}

function toSource(frame: PredictionFrame): FrameSource {
  if (frame === null || typeof frame !== 'object') {
    throw new DhuoDataFrameError(
      'df: expected a DataFrame (danfojs or { columns, values }), a column table or an array of row objects',
      'not-a-dataframe',
    );
  }
  if (Array.isArray(frame)) return rowObjectSource(frame as RowObjects);
  if (isDataFrameLike(frame)) return rowArraySource(frame.columns, frame.values);
  return columnTableSource(frame as ColumnTable);
}

/** Finds the frame column for each feature: exact name first, then case-insensitively (Oracle's `SEPAL_LENGTH`). */
function matchColumns(features: readonly string[], columns: readonly string[], runtime: string): number[] {
  const exact = new Map<string, number>();
  const folded = new Map<string, number[]>();
  columns.forEach((name, i) => {
    exact.set(name, i);
    const key = name.toLowerCase();
    folded.set(key, [...(folded.get(key) ?? []), i]);
  });
  return features.map((feature) => {
    const hit = exact.get(feature);
    if (hit !== undefined) return hit;
    const candidates = folded.get(feature.toLowerCase()) ?? [];
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length > 1) {
      throw new DhuoDataFrameError(
        `df: feature '${feature}' matches several columns (${candidates.map((i) => `'${columns[i]}'`).join(', ')}) when case is ignored: keep one`,
        'missing-column',
        feature,
      );
    }
    const shown = columns.slice(0, 20).map((c) => `'${c}'`);
    if (columns.length > 20) shown.push(`… ${columns.length - 20} more`);
    throw new DhuoDataFrameError(
      `df: the ${runtime} model needs column '${feature}', which the DataFrame lacks (it has ${shown.join(', ') || 'no columns'}): add it or rename a column to it`,
      'missing-column',
      feature,
    );
  });
}

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (value === null) return 'null';
  if (typeof value === 'object') return value instanceof Date ? 'a Date' : 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Resolves which columns feed the model and copies them, validated, into a row-major typed array. */
export function buildFeatureMatrix(frame: PredictionFrame, request: FeatureRequest): FeatureMatrix {
  const source = toSource(frame);
  let features: readonly string[];
  if (request.inputs) {
    features = request.inputs;
  } else if (request.features) {
    features = request.features;
  } else {
    features = source.columns;
  }
  if (request.featureCount !== undefined && features.length !== request.featureCount) {
    throw new DhuoDataFrameError(
      `df: the ${request.runtime} model takes ${request.featureCount} features but ${features.length} columns were given (${features
        .map((f) => `'${f}'`)
        .join(', ')}): select the model's columns in training order, or pass them in options.features`,
      'feature-count',
    );
  }
  if (features.length === 0) {
    throw new DhuoDataFrameError('df: the DataFrame has no columns to predict from', 'feature-count');
  }
  // An empty list of row objects has no columns to check.
  const indexes =
    source.rows === 0 && source.columns.length === 0
      ? features.map(() => 0)
      : matchColumns(features, source.columns, request.runtime);
  const width = features.length;
  const values =
    request.dtype === 'float32'
      ? new Float32Array(source.rows * width)
      : new Float64Array(source.rows * width);
  const acceptsMissing = request.acceptsMissing;
  const slow: SlowValue = (value, row, column) => {
    if (typeof value === 'bigint') return Number(value);
    const name = source.columns[column]!;
    if (typeof value !== 'number' && value !== null && value !== undefined) {
      throw new DhuoDataFrameError(
        `df: column '${name}' row ${row} is ${describeValue(value)}, not a number: convert the column to numbers before predicting (e.g. df.asType('${name}', 'float32'))`,
        'not-numeric',
        name,
        row,
      );
    }
    if (acceptsMissing) return Number.NaN;
    throw new DhuoDataFrameError(
      `df: column '${name}' row ${row} is missing (${Number.isNaN(value) ? 'NaN' : String(value)}) and the ${request.runtime} model cannot take missing values: drop or fill them first (e.g. df.fillNa(...))`,
      'missing-value',
      name,
      row,
    );
  };
  source.fill(indexes, values, slow);
  if (!acceptsMissing) {
    const at = findNaN(values);
    if (at >= 0) slow(Number.NaN, Math.floor(at / width), indexes[at % width]!);
  }
  const columns = indexes.map((c, j) => source.columns[c] ?? features[j]!);
  return {
    rows: source.rows,
    features,
    columns,
    values,
    slice(start, end) {
      const view = values.subarray(start * width, end * width);
      const rows = end - start;
      return {
        rows,
        features,
        values: view,
        column(name) {
          const j = features.indexOf(name);
          if (j < 0) throw new RangeError(`no feature '${name}' in this batch`);
          const out = view instanceof Float32Array ? new Float32Array(rows) : new Float64Array(rows);
          for (let r = 0; r < rows; r++) out[r] = view[r * width + j]!;
          return out;
        },
      };
    },
  };
}
