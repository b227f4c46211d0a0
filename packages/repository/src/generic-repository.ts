import type { DataFrame } from 'danfojs-node';
import type { Knex } from 'knex';
import type { DatabaseConnection } from './database-connection.js';
import { type FrameInput, fromDataFrame, inferKind, toDataFrame } from './dataframe.js';
import { bindValue } from './dialects/bind-value.js';
import type { ColumnInfo, ColumnKind, Dialect, NativeSql, TableInfo, TableRef } from './dialects/dialect.js';
import { matchName, parseTableRef } from './dialects/identifier.js';
import { getDialect } from './dialects/registry.js';
import {
  ForceRequiredError,
  InvalidArgumentError,
  MissingVersionColumnError,
  ReservedColumnError,
  TableExistsError,
  TableNotFoundError,
  UnknownColumnError,
} from './errors.js';
import { compileFilter } from './filter/compile.js';
import { rowDecoder } from './row-decode.js';
import {
  countSql,
  createTableSql,
  insertRecordSql,
  pageSql,
  type Statement,
  selectSql,
} from './statements.js';
import { checkValues } from './value-check.js';

/** Column kinds accepted by `createTable`. */
export type ColumnKindName = ColumnKind;

/** Result of `createTableByDataframe`. */
export interface CreateTableResult {
  number_lines_inserted: number;
  /** The table's name as stored (Oracle upper-cases all-lower-case names). */
  table_name: string;
}

/** Options of `updateTableByDataframe`. */
export interface UpdateTableOptions {
  /** `append` (default) adds rows; `replace` deletes every row first, in the same transaction. */
  if_exists?: 'append' | 'replace';
  /** Stamp rows with the next VERSION and one CREATED_AT (UTC); the table needs both columns. */
  is_update_version?: boolean;
  /** Required with `if_exists: 'replace'` (the Python library asked on stdin instead). */
  force?: boolean;
}

/** Result of `updateTableByDataframe`. */
export interface UpdateTableResult {
  rows: number;
  version?: number;
  created_at?: Date;
}

/** Options of `getItemsWithPagination`. */
export interface PaginationOptions {
  /** 1-based page number (default 1). */
  page?: number;
  /** Rows per page (default 10000). */
  page_size?: number;
}

/** A page of rows. */
export interface Page {
  items: Record<string, unknown>[];
  page: number;
  page_size: number;
  total_items: number;
}

/** Options of `toDataframe` and `toDataframeStream`. */
export interface ReadOptions {
  /** A filter such as `value > 10 AND name LIKE 'a%'`; literals are bound, not spliced. */
  filter_clause?: string;
  /** Columns to read (matched case-insensitively); all when omitted. */
  list_columns?: string[];
  /** Values for `:name` placeholders in `filter_clause`. */
  params?: Record<string, unknown>;
}

/** Options of `toDataframeStream`. */
export interface StreamOptions extends ReadOptions {
  /** Rows per yielded DataFrame (default 10000). */
  chunk_size?: number;
}

const FULL_READ_CHUNK = 50_000;

/**
 * The datalake's tables as DataFrames: create, insert, versioned writes, paginated and streamed reads.
 * @example
 * const repo = new GenericRepository(new DatabaseConnection());
 * await repo.createTableByDataframe('IRIS_TRAIN', df);
 * const out = await repo.updateTableByDataframe('IRIS_OUTPUT', predictions, { is_update_version: true });
 */
export class GenericRepository {
  private readonly knex: Knex;
  private readonly dialect: Dialect;

  constructor(db: DatabaseConnection) {
    this.knex = db.knex;
    this.dialect = getDialect(db.dialect);
  }

  /** Creates `table_name` from a DataFrame's columns and dtypes and inserts its rows; refuses an existing table. */
  async createTableByDataframe(
    table_name: string,
    df: FrameInput,
    options: { allow_empty?: boolean } = {},
  ): Promise<CreateTableResult> {
    const ref = this.ref(table_name);
    const frame = fromDataFrame(df, 'df', options.allow_empty === true);
    const columns: ColumnInfo[] = frame.columns.map((name, i) => {
      const kind = inferKind(frame.dtypes[i], frame.rows, i);
      return { name: this.dialect.storedName(name), type: this.dialect.columnType(kind), kind };
    });
    const rows = checkValues(frame.rows, columns, 'df');
    const table = await this.create(ref, columns, 'df.columns');
    if (rows.length > 0) {
      try {
        await this.dialect.write(this.knex, {
          table,
          columns: table.columns,
          rows,
          replace: false,
        });
      } catch (error) {
        await this.knex.raw(`DROP TABLE ${this.dialect.quoteTable(table)}`).catch(() => undefined);
        throw error;
      }
    }
    return { number_lines_inserted: frame.rows.length, table_name: table.name };
  }

  /**
   * Creates an empty table from `{ column: kind }` (kinds: integer, float, boolean, string, datetime).
   * @example repo.createTable('IRIS_OUTPUT', { SEPAL_LENGTH: 'float', PREDICT: 'integer', VERSION: 'integer', CREATED_AT: 'datetime' })
   */
  async createTable(
    table_name: string,
    columns: Record<string, ColumnKindName>,
  ): Promise<{ table_name: string }> {
    const ref = this.ref(table_name);
    const entries = Object.entries(columns ?? {});
    if (entries.length === 0)
      throw new InvalidArgumentError('columns: give at least one column, e.g. { VALUE: "float" }.', {
        parameter: 'columns',
      });
    const kinds: ColumnKind[] = ['integer', 'float', 'boolean', 'string', 'datetime', 'other'];
    const infos = entries.map(([name, kind]) => {
      if (!kinds.includes(kind))
        throw new InvalidArgumentError(
          `columns: ${name} has kind ${JSON.stringify(kind)}; use one of ${kinds.join(', ')}.`,
          {
            parameter: 'columns',
          },
        );
      return { name: this.dialect.storedName(name), type: this.dialect.columnType(kind), kind };
    });
    const table = await this.create(ref, infos, 'columns');
    return { table_name: table.name };
  }

  /** Inserts one record (`{ column: value }`) and returns the row as stored. */
  async insert(table_name: string, record: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (
      record === null ||
      typeof record !== 'object' ||
      Array.isArray(record) ||
      Object.keys(record).length === 0
    )
      throw new InvalidArgumentError(
        'data: pass a non-empty object such as { name: "example", value: 42 }.',
        {
          parameter: 'data',
        },
      );
    const table = await this.requireTable(table_name);
    const keys = Object.keys(record);
    const columns = this.mapColumns(keys, table, 'data');
    const [values] = checkValues([keys.map((k) => record[k])], columns, 'data') as [readonly unknown[]];
    const d = this.dialect;
    const result = await this.knex.raw(
      insertRecordSql(d, table, columns),
      values.map((v) => bindValue(d.name, v) as Knex.Value),
    );
    let row: Record<string, unknown> | undefined;
    if (d.name === 'postgres') row = (result as { rows: Record<string, unknown>[] }).rows[0];
    else if (d.name === 'sqlite') row = (result as Record<string, unknown>[])[0];
    else if (d.name === 'mysql') {
      const insertId = (result as [{ insertId?: number }])[0]?.insertId;
      if (insertId && table.primaryKey.length === 1) {
        const pk = table.primaryKey[0]!;
        const page = await this.readRows(
          selectSql(d, table, table.columns, { sql: `${d.quoteIdentifier(pk)} = ?`, bindings: [insertId] }),
          table.columns,
        );
        row = page[0];
      }
    }
    if (row === undefined) {
      row = Object.fromEntries(columns.map((c, i) => [c.name, values[i] ?? null]));
      return row;
    }
    const decode = rowDecoder(
      d.name,
      table.columns.map((c) => c.kind),
    );
    if (decode) {
      const arr = table.columns.map((c) => row![c.name]);
      decode(arr);
      row = Object.fromEntries(table.columns.map((c, i) => [c.name, arr[i]]));
    }
    return row;
  }

  /**
   * Appends (or, with `force`, replaces) rows from a DataFrame in one transaction. With `is_update_version`
   * every row gets the next VERSION (allocated under a lock: concurrent writers never share one) and the
   * same CREATED_AT (UTC). DataFrame columns are matched case-insensitively (`predict` lands in `PREDICT`).
   */
  async updateTableByDataframe(
    table_name: string,
    df: FrameInput,
    options: UpdateTableOptions = {},
  ): Promise<UpdateTableResult> {
    const ifExists = options.if_exists ?? 'append';
    if (ifExists !== 'append' && ifExists !== 'replace')
      throw new InvalidArgumentError(`if_exists: ${JSON.stringify(ifExists)} is not 'append' or 'replace'.`, {
        parameter: 'if_exists',
      });
    const ref = this.ref(table_name);
    if (ifExists === 'replace' && options.force !== true) throw new ForceRequiredError(table_name);
    const frame = fromDataFrame(df, 'df');
    const table = await this.describe(ref);
    const columns = this.mapColumns(frame.columns, table, 'df');
    let versioned: { version: ColumnInfo; createdAt: ColumnInfo } | undefined;
    if (options.is_update_version) {
      const names = table.columns.map((c) => c.name);
      const v = matchName('VERSION', names);
      const at = matchName('CREATED_AT', names);
      if (v === undefined || at === undefined)
        throw new MissingVersionColumnError(
          table.name,
          [v === undefined ? 'VERSION' : '', at === undefined ? 'CREATED_AT' : ''].filter(Boolean),
        );
      for (const c of columns) if (c.name === v || c.name === at) throw new ReservedColumnError(c.name);
      versioned = {
        version: table.columns.find((c) => c.name === v)!,
        createdAt: table.columns.find((c) => c.name === at)!,
      };
    }
    // Every check before the first change (the index included): a bad input changes nothing.
    const rows = checkValues(frame.rows, columns, 'df');
    if (versioned) await this.ensureVersionIndex(table, versioned.version);
    const outcome = await this.dialect.write(this.knex, {
      table,
      columns,
      rows,
      replace: ifExists === 'replace',
      ...(versioned ? { versioned } : {}),
    });
    return versioned
      ? { rows: outcome.rows, version: outcome.version!, created_at: outcome.createdAt! }
      : { rows: outcome.rows };
  }

  /** One page of rows in a stable order (primary key, else SQLite's rowid, else every column). */
  async getItemsWithPagination(table_name: string, options: PaginationOptions = {}): Promise<Page> {
    const page = options.page ?? 1;
    const page_size = options.page_size ?? 10_000;
    if (!Number.isSafeInteger(page) || page < 1)
      throw new InvalidArgumentError(`page: ${String(page)} is not an integer ≥ 1.`, { parameter: 'page' });
    if (!Number.isSafeInteger(page_size) || page_size < 1)
      throw new InvalidArgumentError(`page_size: ${String(page_size)} is not an integer ≥ 1.`, {
        parameter: 'page_size',
      });
    const table = await this.requireTable(table_name);
    const items = await this.readRows(pageSql(this.dialect, table, page, page_size), table.columns);
    const count = await this.readRows(countSql(this.dialect, table), [
      { name: 'total_items', type: 'integer', kind: 'integer' },
    ]);
    return { items, page, page_size, total_items: Number(count[0]?.total_items ?? 0) };
  }

  /** Reads a table (optionally filtered and narrowed to `list_columns`) into one DataFrame. */
  async toDataframe(table_name: string, options: ReadOptions = {}): Promise<DataFrame> {
    const { query, columns } = await this.selectQuery(table_name, options);
    const rows: unknown[][] = [];
    for await (const chunk of this.decodedChunks(query, columns, FULL_READ_CHUNK)) {
      for (const row of chunk) rows.push(row);
    }
    return await toDataFrame(
      columns.map((c) => c.name),
      columns.map((c) => c.kind),
      rows,
    );
  }

  /**
   * Streams a table as DataFrames of `chunk_size` rows (SQLite iterate, PostgreSQL cursor, MariaDB row
   * stream), so memory stays flat however large the table.
   * @example for await (const chunk of repo.toDataframeStream('BIG', { chunk_size: 50_000 })) score(chunk);
   */
  async *toDataframeStream(table_name: string, options: StreamOptions = {}): AsyncGenerator<DataFrame> {
    const chunkSize = options.chunk_size ?? 10_000;
    if (!Number.isSafeInteger(chunkSize) || chunkSize < 1)
      throw new InvalidArgumentError(`chunk_size: ${String(chunkSize)} is not an integer ≥ 1.`, {
        parameter: 'chunk_size',
      });
    const { query, columns } = await this.selectQuery(table_name, options);
    const names = columns.map((c) => c.name);
    const kinds = columns.map((c) => c.kind);
    for await (const chunk of this.decodedChunks(query, columns, chunkSize)) {
      yield await toDataFrame(names, kinds, chunk);
    }
  }

  private ref(table_name: string): TableRef {
    return parseTableRef(table_name, this.dialect.maxIdentifierLength);
  }

  private async describe(ref: TableRef): Promise<TableInfo> {
    const table = await this.dialect.describeTable(this.knex, ref);
    if (!table) throw new TableNotFoundError(ref.schema ? `${ref.schema}.${ref.name}` : ref.name);
    return table;
  }

  private requireTable(table_name: string): Promise<TableInfo> {
    return this.describe(this.ref(table_name));
  }

  private async create(ref: TableRef, columns: ColumnInfo[], parameter: string): Promise<TableInfo> {
    const d = this.dialect;
    const seen = new Map<string, string>();
    for (const c of columns) {
      d.quoteIdentifier(c.name, parameter);
      const key = c.name.toLowerCase();
      if (seen.has(key))
        throw new InvalidArgumentError(
          `${parameter}: ${JSON.stringify(seen.get(key))} and ${JSON.stringify(c.name)} differ only by case; rename one.`,
          { parameter },
        );
      seen.set(key, c.name);
    }
    const target: TableRef = { ...ref, name: d.storedName(ref.name) };
    if (await d.describeTable(this.knex, ref)) throw new TableExistsError(ref.name);
    try {
      await this.knex.raw(createTableSql(d, target, columns));
    } catch (error) {
      if (await d.describeTable(this.knex, ref)) throw new TableExistsError(ref.name);
      throw error;
    }
    return this.describe(target);
  }

  private mapColumns(names: readonly string[], table: TableInfo, parameter: string): ColumnInfo[] {
    const real = table.columns.map((c) => c.name);
    const used = new Set<string>();
    return names.map((name) => {
      const match = matchName(String(name), real);
      if (match === undefined) throw new UnknownColumnError(String(name), table.name, parameter, real);
      if (used.has(match))
        throw new InvalidArgumentError(
          `${parameter}: two columns map to ${JSON.stringify(match)}; keep one.`,
          {
            parameter,
          },
        );
      used.add(match);
      return table.columns.find((c) => c.name === match)!;
    });
  }

  private async ensureVersionIndex(table: TableInfo, version: ColumnInfo): Promise<void> {
    try {
      await this.dialect.ensureVersionIndex(this.knex, table, version);
    } catch (error) {
      // Another writer may have created it at the same moment: check once more.
      try {
        await this.dialect.ensureVersionIndex(this.knex, table, version);
      } catch {
        throw error;
      }
    }
  }

  private async selectQuery(
    table_name: string,
    options: ReadOptions,
  ): Promise<{ query: NativeSql; columns: ColumnInfo[] }> {
    const table = await this.requireTable(table_name);
    const d = this.dialect;
    let columns = table.columns;
    if (options.list_columns !== undefined) {
      if (!Array.isArray(options.list_columns) || options.list_columns.length === 0)
        throw new InvalidArgumentError('list_columns: pass a non-empty array of column names.', {
          parameter: 'list_columns',
        });
      columns = this.mapColumns(options.list_columns, table, 'list_columns');
    }
    const where =
      options.filter_clause !== undefined && options.filter_clause.trim() !== ''
        ? compileFilter(options.filter_clause, table.columns, d, table.name, options.params ?? {})
        : undefined;
    const { sql, bindings } = selectSql(d, table, columns, where);
    return { query: this.native(sql, bindings), columns };
  }

  /** Turns `?` placeholders into the driver's own ($1, :1, ?). */
  private native(sql: string, bindings: readonly unknown[]): NativeSql {
    const compiled = this.knex
      .raw(sql, bindings as Knex.RawBinding[])
      .toSQL()
      .toNative();
    return { sql: compiled.sql, bindings: compiled.bindings as unknown[] };
  }

  /** Rows of a native SELECT, chunk by chunk, with the dialect's storage forms decoded in place. */
  private async *decodedChunks(
    query: NativeSql,
    columns: readonly ColumnInfo[],
    chunkSize: number,
  ): AsyncGenerator<unknown[][]> {
    const decode = rowDecoder(
      this.dialect.name,
      columns.map((c) => c.kind),
    );
    for await (const chunk of this.dialect.readChunks(this.knex, query, chunkSize)) {
      if (decode) for (const row of chunk) decode(row);
      yield chunk;
    }
  }

  /** Runs a `?`-placeholder statement and returns its rows as objects keyed by column name. */
  private async readRows(
    query: Statement,
    columns: readonly ColumnInfo[],
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for await (const chunk of this.decodedChunks(
      this.native(query.sql, query.bindings),
      columns,
      FULL_READ_CHUNK,
    )) {
      for (const row of chunk) {
        const item: Record<string, unknown> = {};
        columns.forEach((c, i) => {
          item[c.name] = row[i];
        });
        out.push(item);
      }
    }
    return out;
  }
}
