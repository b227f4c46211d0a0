import type { Dialect } from '../dialect.js';
import { oracleColumnType, oracleKindOf } from './column-types.js';
import {
  ORACLE_MAX_IDENTIFIER,
  oracleStoredName,
  quoteOracleIdentifier,
  quoteOracleTable,
} from './identifier.js';
import { describeOracleTable, ensureOracleVersionIndex } from './introspect.js';
import { oracleReadChunks } from './read.js';
import { oracleWrite } from './versioned-write.js';

/** Oracle through oracledb in thin mode (array DML for writes, result sets for reads). */
export const oracleDialect: Dialect = {
  name: 'oracle',
  maxIdentifierLength: ORACLE_MAX_IDENTIFIER,
  quoteIdentifier: quoteOracleIdentifier,
  quoteTable: quoteOracleTable,
  storedName: oracleStoredName,
  columnType: oracleColumnType,
  kindOf: oracleKindOf,
  describeTable: describeOracleTable,
  ensureVersionIndex: ensureOracleVersionIndex,
  write: oracleWrite,
  readChunks: oracleReadChunks,
};
