import type { Dialect } from '../dialect.js';
import { postgresColumnType, postgresKindOf } from './column-types.js';
import { POSTGRES_MAX_IDENTIFIER, quotePostgresIdentifier, quotePostgresTable } from './identifier.js';
import { describePostgresTable, ensurePostgresVersionIndex } from './introspect.js';
import { postgresReadChunks } from './read.js';
import { postgresWrite } from './versioned-write.js';

/** PostgreSQL through pg (COPY for writes, a cursor for reads). */
export const postgresDialect: Dialect = {
  name: 'postgres',
  maxIdentifierLength: POSTGRES_MAX_IDENTIFIER,
  quoteIdentifier: quotePostgresIdentifier,
  quoteTable: quotePostgresTable,
  storedName: (name) => name,
  columnType: postgresColumnType,
  kindOf: postgresKindOf,
  describeTable: describePostgresTable,
  ensureVersionIndex: ensurePostgresVersionIndex,
  write: postgresWrite,
  readChunks: postgresReadChunks,
};
