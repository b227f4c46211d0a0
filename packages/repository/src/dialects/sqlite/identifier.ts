import type { TableRef } from '../dialect.js';
import { quoteWith, validateIdentifier } from '../identifier.js';

/** SQLite has no hard limit; 128 keeps names portable. */
export const SQLITE_MAX_IDENTIFIER = 128;

/** Validates and double-quotes one SQLite identifier. */
export function quoteSqliteIdentifier(name: string, parameter = 'identifier'): string {
  return quoteWith(validateIdentifier(name, parameter, SQLITE_MAX_IDENTIFIER), '"');
}

/** Quotes `"schema"."table"` (schema = an attached database) or `"table"`. */
export function quoteSqliteTable(ref: TableRef): string {
  const table = quoteSqliteIdentifier(ref.name, 'table_name');
  return ref.schema ? `${quoteSqliteIdentifier(ref.schema, 'table_name')}.${table}` : table;
}
