import type { Dialect } from '../dialect.js';
import { mysqlColumnType, mysqlKindOf } from './column-types.js';
import { MYSQL_MAX_IDENTIFIER, quoteMysqlIdentifier, quoteMysqlTable } from './identifier.js';
import { describeMysqlTable, ensureMysqlVersionIndex } from './introspect.js';
import { mysqlReadChunks } from './read.js';
import { mysqlWrite } from './versioned-write.js';

/** MariaDB / MySQL through mysql2 (packet-sized multi-row inserts, streamed reads). */
export const mysqlDialect: Dialect = {
  name: 'mysql',
  maxIdentifierLength: MYSQL_MAX_IDENTIFIER,
  quoteIdentifier: quoteMysqlIdentifier,
  quoteTable: quoteMysqlTable,
  storedName: (name) => name,
  columnType: mysqlColumnType,
  kindOf: mysqlKindOf,
  describeTable: describeMysqlTable,
  ensureVersionIndex: ensureMysqlVersionIndex,
  write: mysqlWrite,
  readChunks: mysqlReadChunks,
};
