import { DataFrame } from 'danfojs-node';
import { beforeEach, expect, it } from 'vitest';
import {
  DhuoRepositoryError,
  EmptyDataFrameError,
  ForceRequiredError,
  InvalidArgumentError,
  InvalidValueError,
  MissingVersionColumnError,
  ReservedColumnError,
  TableExistsError,
  TableNotFoundError,
  TypeMismatchError,
  UnknownColumnError,
} from '../src/index.js';
import { countRows } from './helpers/databases.js';
import { forEachDatabase } from './helpers/suite.js';

forEachDatabase('bad inputs give a typed error and change nothing', (get) => {
  let t: string;
  let before: unknown[];

  /** Snapshot of the table: all rows in a stable order. */
  const snapshot = async () => (await get().repo.getItemsWithPagination(t, { page_size: 1000 })).items;

  beforeEach(async () => {
    const { repo, table } = get();
    t = table();
    await repo.createTable(t, {
      NAME: 'string',
      VALUE: 'float',
      N: 'integer',
      VERSION: 'integer',
      CREATED_AT: 'datetime',
    });
    await repo.updateTableByDataframe(t, new DataFrame({ name: ['a', 'b'], value: [1.5, 2.5], n: [1, 2] }), {
      is_update_version: true,
    });
    before = await snapshot();
  });

  const expectUnchanged = async () => {
    expect(await snapshot()).toEqual(before);
  };

  it('empty DataFrame', async () => {
    const { repo, table } = get();
    const empty = new DataFrame([], { columns: ['name'] });
    await expect(repo.updateTableByDataframe(t, empty, { is_update_version: true })).rejects.toBeInstanceOf(
      EmptyDataFrameError,
    );
    const other = table();
    await expect(repo.createTableByDataframe(other, empty)).rejects.toThrow(/df: the DataFrame is empty/);
    await expect(repo.toDataframe(other)).rejects.toBeInstanceOf(TableNotFoundError);
    await expectUnchanged();
  });

  it('unknown column', async () => {
    const df = new DataFrame({ name: ['c'], value: [3.5], colour: ['red'] });
    const error = await get()
      .repo.updateTableByDataframe(t, df, { is_update_version: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownColumnError);
    expect(error).toMatchObject({ column: 'colour', parameter: 'df' });
    expect(String((error as Error).message)).toMatch(/column "colour" does not exist/);
    await expect(get().repo.insert(t, { nope: 1 })).rejects.toBeInstanceOf(UnknownColumnError);
    await expect(get().repo.toDataframe(t, { list_columns: ['nope'] })).rejects.toBeInstanceOf(
      UnknownColumnError,
    );
    await expectUnchanged();
  });

  it('mismatched types (string into a float column, float into an integer column)', async () => {
    const { repo } = get();
    const values = Array.from({ length: 20 }, (_, i) => (i === 13 ? 'oops' : i + 0.5));
    const names = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const err = await repo
      .updateTableByDataframe(t, new DataFrame({ name: names, value: values }), { is_update_version: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeMismatchError);
    expect(err).toMatchObject({ column: 'VALUE', row: 13, value: 'oops' });
    await expect(repo.updateTableByDataframe(t, new DataFrame({ n: [1, 2.5] }))).rejects.toBeInstanceOf(
      TypeMismatchError,
    );
    await expect(repo.insert(t, { name: 42 })).rejects.toBeInstanceOf(TypeMismatchError);
    await expectUnchanged();
  });

  it('NaN and Infinity', async () => {
    const { repo, table } = get();
    await expect(
      repo.updateTableByDataframe(t, new DataFrame({ value: [1, Number.NaN] }), { is_update_version: true }),
    ).rejects.toBeInstanceOf(InvalidValueError);
    await expect(
      repo.updateTableByDataframe(t, new DataFrame({ value: [Number.POSITIVE_INFINITY] })),
    ).rejects.toThrow(/row 0 holds the number Infinity/);
    await expect(repo.insert(t, { value: Number.NEGATIVE_INFINITY })).rejects.toBeInstanceOf(
      InvalidValueError,
    );
    const other = table();
    await expect(
      repo.createTableByDataframe(other, new DataFrame({ x: [1.5, Number.NaN] })),
    ).rejects.toBeInstanceOf(InvalidValueError);
    await expect(repo.toDataframe(other)).rejects.toBeInstanceOf(TableNotFoundError);
    await expectUnchanged();
  });

  it('an unparseable datetime string', async () => {
    const { repo, table, db } = get();
    const dated = table();
    await repo.createTable(dated, { I: 'integer', AT: 'datetime' });
    await repo.insert(dated, { I: 0, AT: '2024-01-02T03:04:05Z' });
    const count = await countRows(db, dated);
    for (const bad of ['2024-13-02T03:04:05Z', '2024-02-30', '2024-01-02T03:04:05 UTC', 'yesterday']) {
      const err = await repo
        .updateTableByDataframe(dated, { I: [1, 2], AT: ['2024-01-02T03:04:05Z', bad] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TypeMismatchError);
      expect(err).toMatchObject({ column: 'AT', row: 1, value: bad, parameter: 'df' });
      expect(String((err as Error).message)).toMatch(/ISO-8601/);
      await expect(repo.insert(dated, { I: 3, AT: bad })).rejects.toMatchObject({ column: 'AT', row: 0 });
    }
    expect(await countRows(db, dated)).toBe(count);
    await expectUnchanged();
  });

  it('a table without VERSION when versioning', async () => {
    const { repo, table, db } = get();
    const plain = table();
    await repo.createTable(plain, { X: 'float', CREATED_AT: 'datetime' });
    const err = await repo
      .updateTableByDataframe(plain, new DataFrame({ x: [1] }), { is_update_version: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingVersionColumnError);
    expect(err).toMatchObject({ missing: ['VERSION'], parameter: 'is_update_version' });
    expect(await countRows(db, plain)).toBe(0);
  });

  it('VERSION or CREATED_AT in the DataFrame when versioning', async () => {
    await expect(
      get().repo.updateTableByDataframe(t, new DataFrame({ name: ['x'], version: [7] }), {
        is_update_version: true,
      }),
    ).rejects.toBeInstanceOf(ReservedColumnError);
    await expectUnchanged();
  });

  it('replace without force', async () => {
    const err = await get()
      .repo.updateTableByDataframe(t, new DataFrame({ name: ['z'] }), { if_exists: 'replace' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForceRequiredError);
    expect(String((err as Error).message)).toMatch(/force: true/);
    await expectUnchanged();
  });

  it('unknown if_exists, bad pagination and bad chunk sizes', async () => {
    const { repo } = get();
    await expect(
      repo.updateTableByDataframe(t, new DataFrame({ name: ['z'] }), { if_exists: 'fail' as 'append' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(repo.getItemsWithPagination(t, { page: 0 })).rejects.toMatchObject({ parameter: 'page' });
    await expect(repo.getItemsWithPagination(t, { page_size: 1.5 })).rejects.toMatchObject({
      parameter: 'page_size',
    });
    // a bad record is refused before the table is looked up
    await expect(repo.insert('NO_SUCH_TABLE', {})).rejects.toMatchObject({ parameter: 'data' });
    const stream = repo.toDataframeStream(t, { chunk_size: 0 });
    await expect(stream.next()).rejects.toMatchObject({ parameter: 'chunk_size' });
    await expectUnchanged();
  });

  it('createTableByDataframe on an existing table (any case)', async () => {
    const { repo } = get();
    const err = await repo
      .createTableByDataframe(t.toLowerCase(), new DataFrame({ name: ['x'] }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TableExistsError);
    expect(err).toBeInstanceOf(DhuoRepositoryError);
    await expectUnchanged();
  });

  it('a database error in the middle of a versioned write rolls the whole write back', async () => {
    const { repo, table, db } = get();
    const strict = table();
    const q = db.dialect === 'mysql' ? `\`${strict}\`` : `"${strict}"`;
    const ts = db.dialect === 'mysql' ? 'DATETIME(6)' : 'TIMESTAMP';
    await db.knex.raw(`CREATE TABLE ${q} (X INTEGER NOT NULL, VERSION INTEGER, CREATED_AT ${ts})`);
    await repo.updateTableByDataframe(strict, new DataFrame({ X: [1, 2] }), { is_update_version: true });
    const xs = Array.from({ length: 5000 }, (_, i) => (i === 4321 ? null : i));
    await expect(
      repo.updateTableByDataframe(strict, new DataFrame({ X: xs }), { is_update_version: true }),
    ).rejects.toThrow();
    expect(await countRows(db, strict)).toBe(2);
    // the failed write did not consume a version
    const next = await repo.updateTableByDataframe(strict, new DataFrame({ X: [3] }), {
      is_update_version: true,
    });
    expect(next.version).toBe(2);
    await expect(
      repo.updateTableByDataframe(strict, new DataFrame({ X: [null] }), {
        if_exists: 'replace',
        force: true,
      }),
    ).rejects.toThrow();
    expect(await countRows(db, strict)).toBe(3);
  });
});
