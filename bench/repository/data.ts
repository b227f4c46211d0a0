// Deterministic bench data: rows × 8 columns (4 doubles, 2 integers, 2 strings).

export const BENCH_COLUMNS = ['F1', 'F2', 'F3', 'F4', 'I1', 'I2', 'S1', 'S2'] as const;

/** Column kinds for `createTable` (plus VERSION and CREATED_AT for versioned writes). */
export const BENCH_SCHEMA = {
  F1: 'float',
  F2: 'float',
  F3: 'float',
  F4: 'float',
  I1: 'integer',
  I2: 'integer',
  S1: 'string',
  S2: 'string',
  VERSION: 'integer',
  CREATED_AT: 'datetime',
} as const;

/** Row arrays in BENCH_COLUMNS order. */
export function benchRows(n: number): unknown[][] {
  const rows = new Array<unknown[]>(n);
  for (let i = 0; i < n; i++) {
    rows[i] = [i * 0.5, i / 3, Math.sin(i), i + 0.25, i, (i * 7) % 1000, `label_${i % 100}`, `row-${i}`];
  }
  return rows;
}
