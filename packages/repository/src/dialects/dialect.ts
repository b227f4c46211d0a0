import type { Knex } from 'knex';

/** The databases @dhuolib/repository speaks to. */
export type DialectName = 'sqlite' | 'postgres' | 'mysql' | 'oracle';

/** What a column holds, independent of the dialect's type name. */
export type ColumnKind = 'integer' | 'float' | 'boolean' | 'string' | 'datetime' | 'other';

/** A table reference as the caller wrote it, validated. */
export interface TableRef {
  schema?: string;
  name: string;
}

/** A real column of a real table. */
export interface ColumnInfo {
  name: string;
  type: string;
  kind: ColumnKind;
}

/** A real table: its exact name (as stored) and columns. */
export interface TableInfo {
  schema?: string;
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** True for a view (no rowid on SQLite). */
  view?: boolean;
}

/** A compiled statement in the driver's native placeholder style. */
export interface NativeSql {
  sql: string;
  bindings: readonly unknown[];
}

/** Everything a dialect needs to run one write in one transaction. */
export interface WritePlan {
  table: TableInfo;
  /** Target columns, in the order of each row's values. */
  columns: ColumnInfo[];
  rows: readonly (readonly unknown[])[];
  /** Delete every row first (same transaction). */
  replace: boolean;
  /** Set when the write is versioned: these two columns are appended to every row. */
  versioned?: { version: ColumnInfo; createdAt: ColumnInfo };
}

/** Outcome of a write. */
export interface WriteOutcome {
  rows: number;
  version?: number;
  /** The CREATED_AT of a versioned write: taken once the lock is held, so it grows with VERSION. */
  createdAt?: Date;
}

/** One database's identifiers, types, introspection and fast paths. */
export interface Dialect {
  readonly name: DialectName;
  /** Longest identifier the database accepts. */
  readonly maxIdentifierLength: number;
  /** Validates one identifier part and quotes it; the only way names reach SQL. */
  quoteIdentifier(name: string, parameter?: string): string;
  /** Quotes a (possibly schema-qualified) table reference. */
  quoteTable(ref: TableRef): string;
  /** The stored form of a new, caller-named object (Oracle folds all-lower-case names to upper case). */
  storedName(name: string): string;
  /** SQL column type for a kind. */
  columnType(kind: ColumnKind): string;
  /** The kind of a column from its database type name. */
  kindOf(type: string): ColumnKind;
  /** Finds a table case-insensitively; undefined when it does not exist. */
  describeTable(knex: Knex, ref: TableRef): Promise<TableInfo | undefined>;
  /** Creates an index on VERSION when none exists, so MAX(VERSION) is an index lookup. */
  ensureVersionIndex(knex: Knex, table: TableInfo, version: ColumnInfo): Promise<void>;
  /** Runs a whole write (lock, next version, optional delete, insert) in one transaction. */
  write(knex: Knex, plan: WritePlan): Promise<WriteOutcome>;
  /** Streams rows of a native SELECT as arrays, chunk by chunk. */
  readChunks(knex: Knex, query: NativeSql, chunkSize: number): AsyncGenerator<unknown[][]>;
}
