import { DataFrame } from 'danfojs-node';
import { describe, expect, it } from 'vitest';
import { countRows } from './helpers/databases.js';
import { forEachDatabase } from './helpers/suite.js';

/** Column types created from danfo dtypes, per dialect (as information_schema / PRAGMA report them). */
const CREATED_TYPES = {
  sqlite: { name: 'TEXT', value: 'INTEGER', score: 'REAL', ok: 'BOOLEAN' },
  postgres: { name: 'text', value: 'bigint', score: 'double precision', ok: 'boolean' },
  mysql: { name: 'longtext', value: 'bigint(20)', score: 'double', ok: 'tinyint(1)' },
} as const;

async function columnTypes(
  ctx: ReturnType<Parameters<Parameters<typeof forEachDatabase>[1]>[0]>,
  table: string,
) {
  const k = ctx.db.knex;
  if (ctx.db.dialect === 'sqlite') {
    const rows = (await k.raw('SELECT name, type FROM pragma_table_info(?)', [table])) as {
      name: string;
      type: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.type]));
  }
  if (ctx.db.dialect === 'postgres') {
    const r = await k.raw(
      'SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = ?',
      [table],
    );
    return Object.fromEntries((r.rows as { name: string; type: string }[]).map((x) => [x.name, x.type]));
  }
  const [rows] = await k.raw(
    'SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [table],
  );
  return Object.fromEntries((rows as { name: string; type: string }[]).map((x) => [x.name, String(x.type)]));
}

forEachDatabase('GenericRepository', (get, target) => {
  describe('createTableByDataframe', () => {
    it('creates the table with real column types and inserts every row; doubles stay doubles', async () => {
      const { repo, table } = get();
      const t = table();
      const df = new DataFrame({
        name: ['a', 'b', 'c'],
        value: [42, 7, -3],
        score: [1 / 3, 0.1 + 0.2, 1e-300],
        ok: [true, false, true],
      });
      const result = await repo.createTableByDataframe(t, df);
      expect(result).toEqual({ number_lines_inserted: 3, table_name: t });
      const types = await columnTypes(get(), t);
      const expected = { ...CREATED_TYPES[target.name as keyof typeof CREATED_TYPES] } as Record<
        string,
        string
      >;
      if (target.name === 'mysql' && types.value === 'bigint') expected.value = 'bigint';
      expect(types).toEqual(expected);
      const back = await repo.toDataframe(t);
      expect(back.columns).toEqual(['name', 'value', 'score', 'ok']);
      expect(back.values).toEqual([
        ['a', 42, 1 / 3, true],
        ['b', 7, 0.1 + 0.2, false],
        ['c', -3, 1e-300, true],
      ]);
    });

    it('keeps a float column whose first values look like integers a double column', async () => {
      const { repo, table } = get();
      const t = table();
      const values = Array.from({ length: 700 }, (_, i) => (i < 600 ? i : i + 0.5));
      const df = new DataFrame({ x: values });
      expect(df.dtypes).toEqual(['int32']); // danfo infers from the first 500 values only
      await repo.createTableByDataframe(t, df);
      const back = await repo.toDataframe(t, { filter_clause: 'x > 650' });
      expect(back.values.length).toBe(50);
      expect((back.values as number[][])[0]![0]).toBe(650.5);
    });

    it('creates an empty table from an empty DataFrame only with allow_empty', async () => {
      const { repo, table } = get();
      const t = table();
      const df = new DataFrame([], { columns: ['a', 'b'], dtypes: ['float32', 'string'] });
      const r = await repo.createTableByDataframe(t, df, { allow_empty: true });
      expect(r.number_lines_inserted).toBe(0);
      expect((await repo.toDataframe(t)).shape).toEqual([0, 2]);
    });
  });

  describe('createTable + insert', () => {
    it('creates a table from a schema and inserts one record, returning it as stored', async () => {
      const { repo, table } = get();
      const t = table();
      await repo.createTable(t, {
        NAME: 'string',
        VALUE: 'integer',
        SCORE: 'float',
        OK: 'boolean',
        AT: 'datetime',
      });
      const at = new Date('2024-05-06T07:08:09.123Z');
      const row = await repo.insert(t, { name: 'example', value: 42, score: 2.5, ok: true, at });
      expect(row).toEqual({ NAME: 'example', VALUE: 42, SCORE: 2.5, OK: true, AT: at });
      const page = await repo.getItemsWithPagination(t);
      expect(page.items).toEqual([{ NAME: 'example', VALUE: 42, SCORE: 2.5, OK: true, AT: at }]);
    });

    it('stores ISO-8601 datetime strings as the instant they name (Z, offset, zone-less = UTC)', async () => {
      const { repo, table } = get();
      const t = table();
      await repo.createTable(t, { I: 'integer', AT: 'datetime' });
      const strings = ['2024-01-02T03:04:05Z', '2024-01-02T05:04:05+02:00', '2024-01-02T03:04:05'];
      await repo.updateTableByDataframe(t, { I: [0, 1, 2], AT: strings });
      await repo.insert(t, { I: 3, AT: '2024-01-02T01:04:05-02:00' });
      await repo.insert(t, { I: 4, AT: '2024-01-02 03:04:05.000' });
      const instant = Date.UTC(2024, 0, 2, 3, 4, 5);
      const page = await repo.getItemsWithPagination(t, { page_size: 10 });
      const items = (page.items as { I: number; AT: unknown }[]).sort((a, b) => a.I - b.I);
      expect(items.map((r) => r.I)).toEqual([0, 1, 2, 3, 4]);
      for (const r of items) {
        expect(r.AT).toBeInstanceOf(Date);
        expect((r.AT as Date).getTime()).toBe(instant);
      }
    });

    it('stores null and strings with quotes, backslashes, tabs and newlines exactly', async () => {
      const { repo, table } = get();
      const t = table();
      await repo.createTable(t, { S: 'string', N: 'float' });
      const nasty = "it's a \\ \t tab\nnew line; -- not a comment 'quoted' \"dq\" ção ✓";
      await repo.insert(t, { S: nasty, N: null });
      await repo.updateTableByDataframe(t, new DataFrame({ S: [nasty, 'x'], N: [1.25, null] }));
      const back = await repo.toDataframe(t);
      expect(back.values).toEqual([
        [nasty, null],
        [nasty, 1.25],
        ['x', null],
      ]);
    });
  });

  describe('updateTableByDataframe', () => {
    it('appends rows, matching DataFrame columns case-insensitively', async () => {
      const { repo, table, db } = get();
      const t = table();
      await repo.createTable(t, { FEATURE: 'float', PREDICT: 'integer' });
      const r = await repo.updateTableByDataframe(t, new DataFrame({ feature: [0.5, 1.5], predict: [1, 0] }));
      expect(r).toEqual({ rows: 2 });
      expect(await countRows(db, t)).toBe(2);
    });

    it('versions each write: next VERSION, one CREATED_AT (UTC) for all rows of a write', async () => {
      const { repo, table } = get();
      const t = table('IRIS_OUTPUT');
      await repo.createTable(t, {
        SEPAL_LENGTH: 'float',
        SEPAL_WIDTH: 'float',
        PREDICT: 'integer',
        VERSION: 'integer',
        CREATED_AT: 'datetime',
      });
      const df = new DataFrame({
        sepal_length: [5.1, 4.9, 4.7],
        sepal_width: [3.5, 3.0, 3.2],
        predict: [0, 1, 2],
      });
      const first = await repo.updateTableByDataframe(t, df, { is_update_version: true });
      await new Promise((r) => setTimeout(r, 5)); // distinct CREATED_AT (millisecond resolution)
      const second = await repo.updateTableByDataframe(t, df, { is_update_version: true });
      expect(first.rows).toBe(3);
      expect(first.version).toBe(1);
      expect(second.version).toBe(2);
      expect(first.created_at).toBeInstanceOf(Date);
      const v2 = await repo.toDataframe(t, { filter_clause: 'version = :v', params: { v: 2 } });
      expect(v2.values.length).toBe(3);
      const rows = (await repo.getItemsWithPagination(t)).items;
      for (const row of rows) {
        const expected = row.VERSION === 1 ? first.created_at : second.created_at;
        expect((row.CREATED_AT as Date).getTime()).toBe(expected!.getTime());
      }
      expect(rows.map((r) => r.PREDICT).sort()).toEqual([0, 0, 1, 1, 2, 2]);
      const byStamp = await repo.toDataframe(t, {
        filter_clause: 'created_at = :at AND version >= 1',
        params: { at: second.created_at },
        list_columns: ['VERSION'],
      });
      expect(byStamp.values).toEqual([[2], [2], [2]]);
    });

    it('creates an index on VERSION so the next version is an index lookup', async () => {
      const { repo, table, db } = get();
      const t = table();
      await repo.createTable(t, { X: 'float', VERSION: 'integer', CREATED_AT: 'datetime' });
      await repo.updateTableByDataframe(t, new DataFrame({ X: [1] }), { is_update_version: true });
      const k = db.knex;
      /** How many indexes start with VERSION. */
      const versionIndexes = async (): Promise<number> => {
        if (db.dialect === 'sqlite') {
          const r = (await k.raw(
            'SELECT ii.name FROM pragma_index_list(?) il, pragma_index_info(il.name) ii WHERE ii.seqno = 0',
            [t],
          )) as { name: string }[];
          return r.filter((x) => x.name === 'VERSION').length;
        }
        if (db.dialect === 'postgres') {
          const r = await k.raw('SELECT indexdef FROM pg_indexes WHERE tablename = ?', [t]);
          return (r.rows as { indexdef: string }[]).filter((x) => x.indexdef.includes('("VERSION")')).length;
        }
        const [r] = await k.raw(
          'SELECT COLUMN_NAME AS c FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND SEQ_IN_INDEX = 1',
          [t],
        );
        return (r as { c: string }[]).filter((x) => x.c === 'VERSION').length;
      };
      expect(await versionIndexes()).toBe(1);
      // a second write does not create a second index
      await repo.updateTableByDataframe(t, new DataFrame({ X: [2] }), { is_update_version: true });
      expect(await versionIndexes()).toBe(1);
    });

    it('replace (with force) deletes and rewrites in one transaction; versions keep increasing', async () => {
      const { repo, table, db } = get();
      const t = table();
      await repo.createTable(t, { X: 'float', VERSION: 'integer', CREATED_AT: 'datetime' });
      await repo.updateTableByDataframe(t, new DataFrame({ X: [1, 2, 3] }), { is_update_version: true });
      const r = await repo.updateTableByDataframe(t, new DataFrame({ X: [9] }), {
        if_exists: 'replace',
        force: true,
        is_update_version: true,
      });
      expect(r.version).toBe(2);
      expect(await countRows(db, t)).toBe(1);
      const plain = await repo.updateTableByDataframe(t, new DataFrame({ X: [7, 8] }), {
        if_exists: 'replace',
        force: true,
      });
      expect(plain).toEqual({ rows: 2 });
      expect((await repo.toDataframe(t, { list_columns: ['x'] })).values).toEqual([[7], [8]]);
    });

    it('allocates distinct versions to concurrent writers on separate connections', async () => {
      const { table, repo } = get();
      const t = table();
      await repo.createTable(t, { X: 'integer', VERSION: 'integer', CREATED_AT: 'datetime' });
      const { DatabaseConnection, GenericRepository } = await import('../src/index.js');
      const conns = Array.from({ length: 4 }, () => new DatabaseConnection({ url: target.url }));
      try {
        const writes = conns.flatMap((c, i) =>
          Array.from({ length: 3 }, (_, j) =>
            new GenericRepository(c).updateTableByDataframe(
              t,
              new DataFrame({ X: [i * 10 + j, i * 10 + j] }),
              {
                is_update_version: true,
              },
            ),
          ),
        );
        const results = await Promise.all(writes);
        expect(new Set(results.map((r) => r.version)).size).toBe(12);
        expect(results.map((r) => r.version).sort((a, b) => a! - b!)).toEqual(
          Array.from({ length: 12 }, (_, i) => i + 1),
        );
      } finally {
        await Promise.all(conns.map((c) => c.close()));
      }
    });
  });

  describe('plain columns and large writes', () => {
    it('accepts { column: values[] } and typed arrays as well as DataFrames', async () => {
      const { repo, table } = get();
      const t = table();
      await repo.createTable(t, { X: 'float', N: 'integer', VERSION: 'integer', CREATED_AT: 'datetime' });
      const r = await repo.updateTableByDataframe(
        t,
        { x: Float64Array.from([0.1, 0.2]), n: [1, 2] },
        { is_update_version: true },
      );
      expect(r).toMatchObject({ rows: 2, version: 1 });
      expect((await repo.toDataframe(t, { list_columns: ['X', 'N'] })).values).toEqual([
        [0.1, 1],
        [0.2, 2],
      ]);
      await expect(repo.updateTableByDataframe(t, { x: [1, 2], n: [1] })).rejects.toThrow(
        /different lengths/,
      );
    });

    it('a write larger than one packet / statement is split and stays one transaction', async () => {
      const { repo, table, db } = get();
      const t = table();
      await repo.createTable(t, { S: 'string', I: 'integer', VERSION: 'integer', CREATED_AT: 'datetime' });
      const n = 9_000;
      // ~22 MB of UTF-8 (3 bytes a character): more than MariaDB's default 16 MB max_allowed_packet
      const big = '✓'.repeat(800);
      const r = await repo.updateTableByDataframe(
        t,
        { S: new Array(n).fill(big), I: Array.from({ length: n }, (_, i) => i) },
        { is_update_version: true },
      );
      expect(r).toMatchObject({ rows: n, version: 1 });
      expect(await countRows(db, t)).toBe(n);
    }, 60_000);
  });

  describe('getItemsWithPagination', () => {
    it('pages through every row exactly once in a stable order', async () => {
      const { repo, table } = get();
      const t = table();
      const n = 53;
      await repo.createTableByDataframe(
        t,
        new DataFrame({
          k: Array.from({ length: n }, (_, i) => (i * 37) % n),
          v: Array.from({ length: n }, (_, i) => `r${i}`),
        }),
      );
      const seen: unknown[] = [];
      for (let page = 1; page <= 6; page++) {
        const p = await repo.getItemsWithPagination(t, { page, page_size: 10 });
        expect(p.page).toBe(page);
        expect(p.page_size).toBe(10);
        expect(p.total_items).toBe(n);
        expect(p.items.length).toBe(page === 6 ? 3 : 10);
        seen.push(...p.items.map((i) => i.v));
      }
      expect(new Set(seen).size).toBe(n);
      const again = await repo.getItemsWithPagination(t, { page: 3, page_size: 10 });
      expect(again.items.map((i) => i.v)).toEqual(seen.slice(20, 30));
      expect((await repo.getItemsWithPagination(t, { page: 99, page_size: 10 })).items).toEqual([]);
    });

    it('orders by the primary key when there is one', async () => {
      const { repo, table, db } = get();
      const t = table();
      const q = db.dialect === 'mysql' ? `\`${t}\`` : `"${t}"`;
      await db.knex.raw(`CREATE TABLE ${q} (id INTEGER PRIMARY KEY, label VARCHAR(10))`);
      for (const id of [5, 1, 4, 2, 3]) await repo.insert(t, { id, label: `l${id}` });
      const p = await repo.getItemsWithPagination(t, { page: 1, page_size: 3 });
      expect(p.items).toEqual([
        { id: 1, label: 'l1' },
        { id: 2, label: 'l2' },
        { id: 3, label: 'l3' },
      ]);
    });
  });

  it('pages through a view as well (no primary key, no rowid)', async () => {
    const { repo, table, db } = get();
    const t = table();
    const v = table('V');
    await repo.createTableByDataframe(t, { k: [3, 1, 2], s: ['c', 'a', 'b'] });
    const q = db.dialect === 'mysql' ? (n: string) => `\`${n}\`` : (n: string) => `"${n}"`;
    await db.knex.raw(`CREATE VIEW ${q(v)} AS SELECT ${q('k')}, ${q('s')} FROM ${q(t)}`);
    try {
      const p = await repo.getItemsWithPagination(v, { page: 1, page_size: 2 });
      expect(p.total_items).toBe(3);
      expect(p.items).toEqual([
        { k: 1, s: 'a' },
        { k: 2, s: 'b' },
      ]);
    } finally {
      await db.knex.raw(`DROP VIEW ${q(v)}`);
    }
  });

  describe('toDataframe', () => {
    it('reads with filter_clause, list_columns (any case) and params', async () => {
      const { repo, table } = get();
      const t = table();
      await repo.createTableByDataframe(
        t,
        new DataFrame({ name: ['a', 'b', 'c', 'd'], value: [5, 15, 25, 35], score: [0.5, 1.5, 2.5, 3.5] }),
      );
      const df = await repo.toDataframe(t, { filter_clause: 'value > 10', list_columns: ['NAME', 'Value'] });
      expect(df.columns).toEqual(['name', 'value']);
      expect(df.values).toEqual([
        ['b', 15],
        ['c', 25],
        ['d', 35],
      ]);
      const df2 = await repo.toDataframe(t, {
        filter_clause:
          "(value BETWEEN :lo AND :hi OR name IN ('a', 'zz')) AND NOT name LIKE 'c%' AND score IS NOT NULL",
        params: { lo: 10, hi: 30 },
        list_columns: ['name'],
      });
      expect(df2.values).toEqual([['a'], ['b']]);
      expect(df.dtypes).toEqual(['string', 'int32']);
    });

    it('returns an empty DataFrame with the columns when nothing matches', async () => {
      const { repo, table } = get();
      const t = table();
      await repo.createTableByDataframe(t, new DataFrame({ a: [1], b: ['x'] }));
      const df = await repo.toDataframe(t, { filter_clause: 'a > 100' });
      expect(df.shape).toEqual([0, 2]);
      expect(df.columns).toEqual(['a', 'b']);
    });
  });

  describe('toDataframeStream', () => {
    it('yields DataFrames chunk by chunk that add up to the table', async () => {
      const { repo, table } = get();
      const t = table();
      const n = 2_503;
      await repo.createTableByDataframe(
        t,
        new DataFrame({
          i: Array.from({ length: n }, (_, i) => i),
          x: Array.from({ length: n }, (_, i) => i / 7),
        }),
      );
      const sizes: number[] = [];
      let sum = 0;
      for await (const chunk of repo.toDataframeStream(t, { chunk_size: 500 })) {
        sizes.push(chunk.shape[0]!);
        for (const [i] of chunk.values as number[][]) sum += i!;
      }
      expect(sizes).toEqual([500, 500, 500, 500, 500, 3]);
      expect(sum).toBe((n * (n - 1)) / 2);
    });

    it('stopping early releases the connection for the next query', async () => {
      const { repo, table } = get();
      const t = table();
      await repo.createTableByDataframe(t, new DataFrame({ i: Array.from({ length: 1000 }, (_, i) => i) }));
      for (let round = 0; round < 6; round++) {
        for await (const chunk of repo.toDataframeStream(t, { chunk_size: 10 })) {
          expect(chunk.shape[0]).toBe(10);
          break;
        }
      }
      expect((await repo.getItemsWithPagination(t, { page_size: 1 })).total_items).toBe(1000);
    });
  });

  describe('the examples flow', () => {
    it('IRIS_FEATURE → predict → IRIS_OUTPUT (predict lands in PREDICT, versioned)', async () => {
      const { repo, table } = get();
      const features = table('IRIS_FEATURE');
      const output = table('IRIS_OUTPUT');
      await repo.createTableByDataframe(
        features,
        new DataFrame({
          SEPAL_LENGTH: [5.1, 6.2, 7.3],
          SEPAL_WIDTH: [3.5, 2.9, 2.8],
          PETAL_LENGTH: [1.4, 4.3, 6.3],
          PETAL_WIDTH: [0.2, 1.3, 1.8],
        }),
      );
      await repo.createTable(output, {
        SEPAL_LENGTH: 'float',
        SEPAL_WIDTH: 'float',
        PETAL_LENGTH: 'float',
        PETAL_WIDTH: 'float',
        PREDICT: 'integer',
        VERSION: 'integer',
        CREATED_AT: 'datetime',
      });
      const df = await repo.toDataframe(features, {
        list_columns: ['SEPAL_LENGTH', 'SEPAL_WIDTH', 'PETAL_LENGTH', 'PETAL_WIDTH'],
      });
      df.addColumn('predict', [0, 1, 2], { inplace: true });
      const r = await repo.updateTableByDataframe(output, df, { is_update_version: true });
      expect(r).toMatchObject({ rows: 3, version: 1 });
      const back = await repo.toDataframe(output, { list_columns: ['PREDICT', 'VERSION'] });
      expect(back.values).toEqual([
        [0, 1],
        [1, 1],
        [2, 1],
      ]);
    });
  });
});
