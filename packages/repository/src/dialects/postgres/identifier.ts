import type { TableRef } from '../dialect.js';
import { quoteWith, validateIdentifier } from '../identifier.js';

/** PostgreSQL's NAMEDATALEN - 1. */
export const POSTGRES_MAX_IDENTIFIER = 63;

/** Validates and double-quotes one PostgreSQL identifier (case is kept exactly). */
export function quotePostgresIdentifier(name: string, parameter = 'identifier'): string {
  return quoteWith(validateIdentifier(name, parameter, POSTGRES_MAX_IDENTIFIER), '"');
}

/** Quotes `"schema"."table"` or `"table"`. */
export function quotePostgresTable(ref: TableRef): string {
  const table = quotePostgresIdentifier(ref.name, 'table_name');
  return ref.schema ? `${quotePostgresIdentifier(ref.schema, 'table_name')}.${table}` : table;
}
