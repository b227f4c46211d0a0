import type { Dialect } from '../dialect.js';
import { sqliteColumnType, sqliteKindOf } from './column-types.js';
import { quoteSqliteIdentifier, quoteSqliteTable, SQLITE_MAX_IDENTIFIER } from './identifier.js';
import { describeSqliteTable, ensureSqliteVersionIndex } from './introspect.js';
import { sqliteReadChunks } from './read.js';
import { sqliteWrite } from './versioned-write.js';

/** SQLite through better-sqlite3 (the embedded default). */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  maxIdentifierLength: SQLITE_MAX_IDENTIFIER,
  quoteIdentifier: quoteSqliteIdentifier,
  quoteTable: quoteSqliteTable,
  storedName: (name) => name,
  columnType: sqliteColumnType,
  kindOf: sqliteKindOf,
  describeTable: describeSqliteTable,
  ensureVersionIndex: ensureSqliteVersionIndex,
  write: sqliteWrite,
  readChunks: sqliteReadChunks,
};
