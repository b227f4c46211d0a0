import type { TableRef } from '../dialect.js';
import { quoteWith, validateIdentifier } from '../identifier.js';

/** MySQL/MariaDB identifier limit. */
export const MYSQL_MAX_IDENTIFIER = 64;

/** Validates and backtick-quotes one MySQL/MariaDB identifier. */
export function quoteMysqlIdentifier(name: string, parameter = 'identifier'): string {
  return quoteWith(validateIdentifier(name, parameter, MYSQL_MAX_IDENTIFIER), '`');
}

/** Quotes `` `database`.`table` `` or `` `table` ``. */
export function quoteMysqlTable(ref: TableRef): string {
  const table = quoteMysqlIdentifier(ref.name, 'table_name');
  return ref.schema ? `${quoteMysqlIdentifier(ref.schema, 'table_name')}.${table}` : table;
}
