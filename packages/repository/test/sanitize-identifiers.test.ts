import { DataFrame } from 'danfojs-node';
import { describe, expect, it } from 'vitest';
import { matchName, parseTableRef } from '../src/dialects/identifier.js';
import { getDialect } from '../src/dialects/registry.js';
import { InvalidIdentifierError } from '../src/index.js';
import { forEachDatabase } from './helpers/suite.js';

const DIALECTS = ['sqlite', 'postgres', 'mysql', 'oracle'] as const;

/** The quoting each dialect applies to a valid identifier. */
const QUOTED = {
  sqlite: { plain: '"IRIS_OUTPUT"', qualified: '"main"."IRIS_OUTPUT"' },
  postgres: { plain: '"IRIS_OUTPUT"', qualified: '"main"."IRIS_OUTPUT"' },
  mysql: { plain: '`IRIS_OUTPUT`', qualified: '`main`.`IRIS_OUTPUT`' },
  oracle: { plain: '"IRIS_OUTPUT"', qualified: '"main"."IRIS_OUTPUT"' },
} as const;

const BAD_NAMES = [
  '',
  'a b',
  'a"b',
  'a`b',
  "a'b",
  'a;b',
  'a--b',
  '1abc',
  'a.b.c',
  'tbl); DROP TABLE x; --',
  'tbl"; DROP TABLE x; --',
  'é',
  'a\u0000b',
  'a\nb',
  'a/*b*/',
  'a(b)',
  '$a',
];

describe('identifier quoting, per dialect', () => {
  for (const name of DIALECTS) {
    const d = getDialect(name);
    describe(name, () => {
      it('quotes valid identifiers and schema-qualified tables', () => {
        expect(d.quoteIdentifier('IRIS_OUTPUT')).toBe(QUOTED[name].plain);
        expect(d.quoteTable({ name: 'IRIS_OUTPUT' })).toBe(QUOTED[name].plain);
        expect(d.quoteTable(parseTableRef('main.IRIS_OUTPUT', d.maxIdentifierLength))).toBe(
          QUOTED[name].qualified,
        );
        expect(d.quoteIdentifier('_x9')).toMatch(/_x9/);
        // reserved words are fine: they are always quoted
        expect(d.quoteIdentifier('select')).toBe(name === 'mysql' ? '`select`' : '"select"');
      });

      for (const bad of BAD_NAMES) {
        it(`refuses ${JSON.stringify(bad)}`, () => {
          expect(() => d.quoteIdentifier(bad, 'table_name')).toThrow(InvalidIdentifierError);
        });
      }

      it('refuses names longer than the dialect allows', () => {
        const max = d.maxIdentifierLength;
        expect(d.quoteIdentifier('a'.repeat(max))).toHaveLength(max + 2);
        expect(() => d.quoteIdentifier('a'.repeat(max + 1))).toThrow(/longer than/);
      });

      it('names the parameter and the offending character', () => {
        try {
          d.quoteIdentifier('bad;name', 'list_columns');
          expect.unreachable();
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidIdentifierError);
          expect((error as InvalidIdentifierError).parameter).toBe('list_columns');
          expect((error as Error).message).toMatch(/list_columns: "bad;name".*character ";"/);
        }
      });
    });
  }

  it('Oracle stores all-lower-case new names upper case, others as written', () => {
    const oracle = getDialect('oracle');
    expect(oracle.storedName('iris_output')).toBe('IRIS_OUTPUT');
    expect(oracle.storedName('IRIS_OUTPUT')).toBe('IRIS_OUTPUT');
    expect(oracle.storedName('MixedCase')).toBe('MixedCase');
    expect(getDialect('postgres').storedName('iris_output')).toBe('iris_output');
  });

  it('matches names case-insensitively, preferring the exact spelling', () => {
    expect(matchName('predict', ['SEPAL', 'PREDICT'])).toBe('PREDICT');
    expect(matchName('Predict', ['predict'])).toBe('predict');
    expect(matchName('x', ['X', 'x'])).toBe('x');
    expect(matchName('X', ['x', 'X'])).toBe('X');
    expect(matchName('y', ['Y1', 'Y2'])).toBeUndefined();
    // two columns differing only by case and neither exact: ambiguous, not guessed
    expect(matchName('ab', ['AB', 'Ab'])).toBeUndefined();
  });

  it('parses table references', () => {
    expect(parseTableRef('T', 63)).toEqual({ name: 'T' });
    expect(parseTableRef('DHUODATA.IRIS_OUTPUT', 63)).toEqual({ schema: 'DHUODATA', name: 'IRIS_OUTPUT' });
    expect(() => parseTableRef('a.b.c', 63)).toThrow(InvalidIdentifierError);
    expect(() => parseTableRef(42 as unknown as string, 63)).toThrow(/not a string/);
  });
});

forEachDatabase('identifiers against the real database', (get) => {
  it('finds tables and columns in any case (PREDICT ← predict, iris_output → IRIS_OUTPUT)', async () => {
    const { repo, table } = get();
    const t = table('IRIS_OUTPUT');
    await repo.createTable(t, {
      FEATURE: 'float',
      PREDICT: 'integer',
      VERSION: 'integer',
      CREATED_AT: 'datetime',
    });
    const r = await repo.updateTableByDataframe(
      t.toLowerCase(),
      new DataFrame({ feature: [1.5], predict: [3] }),
      {
        is_update_version: true,
      },
    );
    expect(r.version).toBe(1);
    const df = await repo.toDataframe(t.toLowerCase(), { list_columns: ['predict', 'Version'] });
    expect(df.columns).toEqual(['PREDICT', 'VERSION']);
    expect(df.values).toEqual([[3, 1]]);
  });

  it('never sends an invalid name to the database', async () => {
    const { repo } = get();
    for (const bad of ['x; DROP TABLE y', 'x"--', '`x`', "x' OR '1'='1"]) {
      await expect(repo.toDataframe(bad)).rejects.toBeInstanceOf(InvalidIdentifierError);
      await expect(repo.createTable(bad, { A: 'integer' })).rejects.toBeInstanceOf(InvalidIdentifierError);
      await expect(
        repo.createTableByDataframe('OK_NAME', new DataFrame({ [bad]: [1] })),
      ).rejects.toBeInstanceOf(InvalidIdentifierError);
    }
  });

  it('names the parameter that holds a bad column name', async () => {
    const { repo, table } = get();
    await expect(repo.createTable(table(), { 'bad;name': 'integer' })).rejects.toMatchObject({
      parameter: 'columns',
    });
    await expect(repo.createTable(table(), { A: 'integer', a: 'float' })).rejects.toMatchObject({
      parameter: 'columns',
      message: expect.stringMatching(/^columns: .*differ only by case/),
    });
    await expect(
      repo.createTableByDataframe(table(), new DataFrame({ 'bad;name': [1] })),
    ).rejects.toMatchObject({ parameter: 'df.columns' });
  });

  it('keeps reserved words usable as column names', async () => {
    const { repo, table } = get();
    const t = table();
    await repo.createTableByDataframe(t, new DataFrame({ select: [1], from: ['x'], order: [2.5] }));
    const df = await repo.toDataframe(t, { filter_clause: '"select" = 1', list_columns: ['from', 'order'] });
    expect(df.values).toEqual([['x', 2.5]]);
  });
});
