import { DataFrame } from 'danfojs-node';
import { describe, expect, it } from 'vitest';
import { fromDataFrame, inferKind, toDataFrame } from '../src/dataframe.js';

const COLUMNS = ['f', 'i', 's', 'b', 't'];
const KINDS = ['float', 'integer', 'string', 'boolean', 'datetime'] as const;
const DTYPES = ['float32', 'int32', 'string', 'boolean', 'datetime'];

function rows(n: number): unknown[][] {
  const at = new Date('2024-01-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => [i / 3, i, `s${i}`, i % 2 === 0, i % 7 === 0 ? null : at]);
}

describe('toDataFrame (danfo at the edge)', () => {
  it('the fast build gives the same frame as danfo’s public constructor', async () => {
    const n = 5_000;
    const fast = await toDataFrame(COLUMNS, KINDS, rows(n));
    const reference = new DataFrame(rows(n), { columns: COLUMNS, dtypes: DTYPES });
    expect(fast.columns).toEqual(reference.columns);
    expect(fast.dtypes).toEqual(reference.dtypes);
    expect(fast.shape).toEqual(reference.shape);
    expect(fast.index).toEqual(reference.index);
    expect(fast.values).toEqual(reference.values);
    expect(fast.config.isLowMemoryMode).toBe(false);
    for (const c of COLUMNS) expect(fast.column(c).values).toEqual(reference.column(c).values);
    expect(fast.loc({ rows: [1, 2], columns: ['s', 'i'] }).values).toEqual([
      ['s1', 1],
      ['s2', 2],
    ]);
    expect(fast.head(2).values).toEqual(reference.head(2).values);
    expect((fast.column('i').sum() as number) / n).toBeCloseTo((n - 1) / 2);
    fast.addColumn('extra', new Array(n).fill(1), { inplace: true });
    expect(fast.columns).toEqual([...COLUMNS, 'extra']);
    expect(fast.column('extra').values.length).toBe(n);
  });

  it('small and empty frames use the public constructor', async () => {
    expect((await toDataFrame(COLUMNS, KINDS, rows(3))).values).toEqual(rows(3));
    const empty = await toDataFrame(['a', 'b'], ['float', 'string'], []);
    expect(empty.shape).toEqual([0, 2]);
    expect(empty.columns).toEqual(['a', 'b']);
  });
});

describe('fromDataFrame / inferKind', () => {
  it('reads danfo frames without copying and plain columns by transposing', () => {
    const df = new DataFrame({ a: [1, 2], b: ['x', 'y'] });
    const data = fromDataFrame(df);
    expect(data.rows).toBe(df.values);
    expect(fromDataFrame({ a: [1, 2], b: ['x', 'y'] }).rows).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    expect(() => fromDataFrame([1, 2])).toThrow(/expected a danfojs-node DataFrame/);
    expect(() => fromDataFrame({ a: 1 })).toThrow(/not an array/);
  });

  it('infers kinds from every value, not danfo’s first 500', () => {
    const r = [[1], [2], [2.5]];
    expect(inferKind('int32', r, 0)).toBe('float');
    expect(inferKind('int32', [[1], [null]], 0)).toBe('integer');
    expect(inferKind('float32', [[1], [2]], 0)).toBe('float');
    expect(inferKind(undefined, [[true], [false]], 0)).toBe('boolean');
    expect(inferKind(undefined, [[new Date()], [null]], 0)).toBe('datetime');
    expect(inferKind(undefined, [[1], ['x']], 0)).toBe('string');
  });
});
