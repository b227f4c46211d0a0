import type { TableRef } from '../dialect.js';
import { quoteWith, validateIdentifier } from '../identifier.js';

/** Oracle 12.2+ identifier limit. */
export const ORACLE_MAX_IDENTIFIER = 128;

/** Validates and double-quotes one Oracle identifier (quoted names keep their case). */
export function quoteOracleIdentifier(name: string, parameter = 'identifier'): string {
  return quoteWith(validateIdentifier(name, parameter, ORACLE_MAX_IDENTIFIER), '"');
}

/** Quotes `"OWNER"."TABLE"` or `"TABLE"`. */
export function quoteOracleTable(ref: TableRef): string {
  const table = quoteOracleIdentifier(ref.name, 'table_name');
  return ref.schema ? `${quoteOracleIdentifier(ref.schema, 'table_name')}.${table}` : table;
}

/**
 * Oracle stores unquoted names upper case; like SQLAlchemy, an all-lower-case name for a new object is
 * taken as case-insensitive and stored upper case (`iris_output` → `IRIS_OUTPUT`), any other name as written.
 */
export function oracleStoredName(name: string): string {
  return name === name.toLowerCase() ? name.toUpperCase() : name;
}
