import { DataFrame } from 'danfojs-node';
import { describe, expect, it } from 'vitest';
import { getDialect } from '../src/dialects/registry.js';
import {
  compileFilter,
  FilterSyntaxError,
  InvalidArgumentError,
  parseFilter,
  UnknownColumnError,
} from '../src/index.js';
import { countRows } from './helpers/databases.js';
import { forEachDatabase } from './helpers/suite.js';

const COLUMNS = [
  { name: 'name', type: 'TEXT', kind: 'string' as const },
  { name: 'value', type: 'REAL', kind: 'float' as const },
  { name: 'PREDICT', type: 'INTEGER', kind: 'integer' as const },
];

/** Filters that are refused, with the token the error must point at. */
const REFUSED: [string, string, RegExp][] = [
  ['value > 10; DROP TABLE t', ';', /statement separators/],
  ['value > 10 -- comment', '--', /comments/],
  ['value > 10 /* c */', '/*', /comments/],
  ['value > 10 # c', '#', /comments/],
  ['value IN (SELECT value FROM t)', 'SELECT', /SELECT is not allowed/],
  ['value > 1 UNION SELECT 1', 'UNION', /UNION is not allowed/],
  ['EXISTS (SELECT 1)', 'EXISTS', /not allowed/],
  ['sleep(5) = 0', 'sleep', /SLEEP is not allowed/],
  ['pg_sleep(5) = 0', 'pg_sleep', /unknown function "pg_sleep"/],
  ["lower(name) = 'a'", 'lower', /unknown function "lower"/],
  ["name = 'unterminated", "'unterminated", /unterminated string/],
  ["name = 'a\\' OR 1=1", '\\', /backslash/],
  ['value > ', '<end>', /unexpected end/],
  ['value >> 1', '>', /expected a column/],
  ['value = NULL', 'NULL', /IS NULL/],
  ['value', '<end>', /expected a comparison/],
  ['(value > 1', '<end>', /expected "\)"/],
  ['value > 1)', ')', /unexpected token/],
  ['value > 1 AND', '<end>', /unexpected end/],
  ['name = "a b"', '"a b"', /invalid quoted identifier/],
  ['value @> 1', '@', /unexpected character/],
  ['value > 1 || 1', '|', /unexpected character/],
  ['1e5e5 > value', '1e5e', /invalid number/],
  ['', '<end>', /empty/],
  ['value NOT 1', '1', /expected IN, LIKE or BETWEEN/],
  ["name LIKE 'a%' ESCAPE '!'", 'ESCAPE', /not allowed/],
  ['value = :', ':', /parameter/],
];

describe('filter grammar: refused input points at the offending token', () => {
  for (const [source, token, reason] of REFUSED) {
    it(JSON.stringify(source), () => {
      try {
        parseFilter(source);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(FilterSyntaxError);
        const e = error as FilterSyntaxError;
        expect(e.parameter).toBe('filter_clause');
        expect(e.token).toBe(token);
        if (token !== '<end>') expect(source.slice(e.position, e.position + token.length)).toBe(token);
        else expect(e.position).toBe(source.length);
        expect(e.message).toMatch(reason);
        expect(e.message).toContain(`position ${e.position}`);
      }
    });
  }
});

describe('filter grammar: accepted input compiles to quoted columns and bound literals', () => {
  const pg = getDialect('postgres');
  const my = getDialect('mysql');
  const sqlite = getDialect('sqlite');

  it('the seed example', () => {
    expect(compileFilter('value > 10', COLUMNS, pg, 'T')).toEqual({ sql: '"value" > ?', bindings: [10] });
    expect(compileFilter('value > 10', COLUMNS, my, 'T')).toEqual({ sql: '`value` > ?', bindings: [10] });
  });

  it('every construct of the grammar', () => {
    const f = compileFilter(
      "NOT (name = 'it''s' OR predict <> -1) AND value BETWEEN 1.5 AND 2e3 AND name NOT IN ('a', 'b') " +
        "AND name LIKE 'x%' AND name NOT LIKE '%y' AND value NOT BETWEEN 5 AND 6 AND predict IS NULL " +
        'AND value IS NOT NULL AND predict != 3 AND value <= :max AND PREDICT >= +2 AND value < .5 AND flag_lit = TRUE',
      [...COLUMNS, { name: 'FLAG_LIT', type: 'BOOLEAN', kind: 'boolean' }],
      pg,
      'T',
      { max: 99 },
    );
    expect(f.sql).toBe(
      '(((((((((((((NOT ("name" = ? OR "PREDICT" <> ?)) AND "value" BETWEEN ? AND ?) AND "name" NOT IN (?, ?)) ' +
        'AND "name" LIKE ?) AND "name" NOT LIKE ?) AND "value" NOT BETWEEN ? AND ?) AND "PREDICT" IS NULL) ' +
        'AND "value" IS NOT NULL) AND "PREDICT" <> ?) AND "value" <= ?) AND "PREDICT" >= ?) AND "value" < ?) ' +
        'AND "FLAG_LIT" = ?)',
    );
    expect(f.bindings).toEqual(["it's", -1, 1.5, 2000, 'a', 'b', 'x%', '%y', 5, 6, 3, 99, 2, 0.5, true]);
  });

  it('AND binds tighter than OR; NOT applies to one predicate', () => {
    expect(
      compileFilter('value = 1 OR value = 2 AND NOT name = :n', COLUMNS, sqlite, 'T', { n: 'x' }),
    ).toEqual({
      sql: '("value" = ? OR ("value" = ? AND (NOT "name" = ?)))',
      bindings: [1, 2, 'x'],
    });
  });

  it('a string literal is only ever a binding', () => {
    const f = compileFilter("name = 'x'' OR ''1''=''1'", COLUMNS, pg, 'T');
    expect(f).toEqual({ sql: '"name" = ?', bindings: ["x' OR '1'='1"] });
  });

  it('unknown columns and missing params are refused', () => {
    expect(() => compileFilter('colour = 1', COLUMNS, pg, 'T')).toThrow(UnknownColumnError);
    expect(() => compileFilter('value = :v', COLUMNS, pg, 'T')).toThrow(InvalidArgumentError);
    expect(() => compileFilter('value = :v', COLUMNS, pg, 'T', { v: { $gt: 1 } })).toThrow(
      /must be a string/,
    );
  });
});

forEachDatabase('SQL injection against the real database', (get) => {
  const seed = async () => {
    const { repo, table } = get();
    const t = table();
    await repo.createTableByDataframe(
      t,
      new DataFrame({ name: ['alice', "o'brien", 'bob'], value: [5, 15, 25], secret: ['s1', 's2', 's3'] }),
    );
    return t;
  };

  it('quote-breaking literals match only themselves', async () => {
    const { repo } = get();
    const t = await seed();
    for (const attempt of ["'alice'' OR ''1''=''1'", "'x'' OR 1=1 OR name=''bob'", "'o''brien'"]) {
      const df = await repo.toDataframe(t, { filter_clause: `name = ${attempt}` });
      const expected = attempt === "'o''brien'" ? 1 : 0;
      expect(df.shape[0]).toBe(expected);
    }
  });

  it('params carrying SQL are bound as values', async () => {
    const { repo, db } = get();
    const t = await seed();
    const df = await repo.toDataframe(t, {
      filter_clause: 'name = :n OR name = :m',
      params: { n: `alice'; DROP TABLE ${t}; --`, m: "' OR '1'='1" },
    });
    expect(df.shape[0]).toBe(0);
    expect(await countRows(db, t)).toBe(3);
  });

  it('stacked statements and subqueries in filter_clause never reach the database', async () => {
    const { repo, db } = get();
    const t = await seed();
    for (const filter of [
      `value > 0; DELETE FROM ${t}`,
      `value IN (SELECT value FROM ${t})`,
      'value > 0 UNION SELECT secret FROM x',
      'value > 0 -- ',
    ]) {
      await expect(repo.toDataframe(t, { filter_clause: filter })).rejects.toBeInstanceOf(FilterSyntaxError);
    }
    expect(await countRows(db, t)).toBe(3);
  });

  it('values with SQL in them are stored verbatim by every write path', async () => {
    const { repo, table, db } = get();
    const t = table();
    const evil = [`x'); DROP TABLE ${t}; --`, "\\'; SELECT 1; --", '$1 :1 ? ?? %s', '\\N', '\t\n\r'];
    await repo.createTableByDataframe(t, new DataFrame({ s: evil }));
    await repo.updateTableByDataframe(t, new DataFrame({ S: evil }));
    await repo.insert(t, { s: evil[0] });
    expect(await countRows(db, t)).toBe(11);
    const back = (await repo.toDataframe(t)).values.map((r) => (r as unknown[])[0]);
    expect(back).toEqual([...evil, ...evil, evil[0]]);
  });
});
