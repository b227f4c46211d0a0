import { DataFrame } from 'danfojs-node';
import { describe, expect, it } from 'vitest';
import { buildFeatureMatrix, type FeatureRequest } from '../../src/prediction/feature-matrix.js';
import { DhuoDataFrameError } from '../../src/prediction/index.js';

const REQUEST: FeatureRequest = {
  inputs: ['sepal_length', 'petal_width'],
  acceptsMissing: false,
  dtype: 'float64',
  runtime: 'onnx',
};

function problem(fn: () => unknown): DhuoDataFrameError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DhuoDataFrameError);
    return error as DhuoDataFrameError;
  }
  throw new Error('expected a DhuoDataFrameError');
}

describe('buildFeatureMatrix', () => {
  it('reads a danfojs DataFrame, matching Oracle-style upper-case columns', () => {
    const df = new DataFrame({ SEPAL_LENGTH: [5.1, 4.9], SEPAL_WIDTH: [3.5, 3], PETAL_WIDTH: [0.2, 0.4] });
    const m = buildFeatureMatrix(df as never, REQUEST);
    expect(m.columns).toEqual(['SEPAL_LENGTH', 'PETAL_WIDTH']);
    expect(Array.from(m.values)).toEqual([5.1, 0.2, 4.9, 0.4]);
    const batch = m.slice(1, 2);
    expect(batch.rows).toBe(1);
    expect(Array.from(batch.values)).toEqual([4.9, 0.4]);
    expect(Array.from(batch.column('petal_width'))).toEqual([0.4]);
  });

  it('reads column tables (typed arrays too) and row objects, exact names before case-folded ones', () => {
    const table = { petal_width: Float32Array.from([1, 2]), SEPAL_LENGTH: [3, 4], sepal_length: [5, 6] };
    expect(Array.from(buildFeatureMatrix(table, REQUEST).values)).toEqual([5, 1, 6, 2]);
    const rows = [
      { Sepal_Length: 1, Petal_Width: 2n },
      { Sepal_Length: 3, Petal_Width: 4 },
    ];
    const m = buildFeatureMatrix(rows, { ...REQUEST, dtype: 'float32' });
    expect(m.values).toBeInstanceOf(Float32Array);
    expect(Array.from(m.values)).toEqual([1, 2, 3, 4]);
  });

  it('names the missing column and what the frame has', () => {
    const e = problem(() => buildFeatureMatrix({ columns: ['SEPAL_LENGTH'], values: [[1]] }, REQUEST));
    expect(e).toMatchObject({ problem: 'missing-column', column: 'petal_width', param: 'df' });
    expect(e.message).toMatch(
      /needs column 'petal_width', which the DataFrame lacks \(it has 'SEPAL_LENGTH'\)/,
    );
  });

  it('refuses columns that match a feature only ambiguously', () => {
    const e = problem(() =>
      buildFeatureMatrix(
        { columns: ['Petal_Width', 'PETAL_WIDTH', 'sepal_length'], values: [[1, 2, 3]] },
        REQUEST,
      ),
    );
    expect(e.message).toMatch(/matches several columns/);
  });

  it('names the column and row of a non-numeric value', () => {
    const values = [
      [1, 2],
      [3, '0.4'],
    ];
    const e = problem(() =>
      buildFeatureMatrix({ columns: ['sepal_length', 'petal_width'], values }, REQUEST),
    );
    expect(e).toMatchObject({ problem: 'not-numeric', column: 'petal_width', row: 1 });
    expect(e.message).toMatch(/row 1 is the string '0.4', not a number/);
    const d = problem(() =>
      buildFeatureMatrix({ columns: ['sepal_length', 'petal_width'], values: [[new Date(), 1]] }, REQUEST),
    );
    expect(d.message).toMatch(/is a Date/);
  });

  it('refuses NaN, null and undefined unless the model takes missing values', () => {
    for (const missing of [Number.NaN, null, undefined]) {
      const frame = {
        columns: ['sepal_length', 'petal_width'],
        values: [
          [1, 2],
          [missing, 3],
        ],
      };
      const e = problem(() => buildFeatureMatrix(frame, REQUEST));
      expect(e).toMatchObject({ problem: 'missing-value', column: 'sepal_length', row: 1 });
      const m = buildFeatureMatrix(frame, { ...REQUEST, acceptsMissing: true });
      expect(Number.isNaN(m.values[2])).toBe(true);
    }
  });

  it('finds NaN in typed-array columns and reports the frame column and row', () => {
    const table = {
      SEPAL_LENGTH: Float64Array.from([1, 2, 3]),
      PETAL_WIDTH: Float32Array.from([1, 2, Number.NaN]),
    };
    const e = problem(() => buildFeatureMatrix(table, { ...REQUEST, dtype: 'float32' }));
    expect(e).toMatchObject({ problem: 'missing-value', column: 'PETAL_WIDTH', row: 2 });
    expect(e.message).toMatch(/column 'PETAL_WIDTH' row 2 is missing \(NaN\)/);
  });

  it('checks the feature count when the model does not name its features', () => {
    const frame = { columns: ['a', 'b', 'c'], values: [[1, 2, 3]] };
    const unnamed = { ...REQUEST, inputs: undefined, featureCount: 2 };
    expect(problem(() => buildFeatureMatrix(frame, unnamed)).problem).toBe('feature-count');
    expect(Array.from(buildFeatureMatrix(frame, { ...unnamed, features: ['C', 'a'] }).values)).toEqual([
      3, 1,
    ]);
  });

  it('accepts an empty list of rows', () => {
    const m = buildFeatureMatrix([], REQUEST);
    expect(m.rows).toBe(0);
    expect(m.values).toHaveLength(0);
  });

  it('refuses things that are not frames', () => {
    expect(problem(() => buildFeatureMatrix(42 as never, REQUEST)).problem).toBe('not-a-dataframe');
    expect(problem(() => buildFeatureMatrix({ a: [1, 2], b: [1] }, REQUEST)).problem).toBe('not-a-dataframe');
  });
});
