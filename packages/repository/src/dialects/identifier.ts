import { InvalidIdentifierError } from '../errors.js';
import type { TableRef } from './dialect.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks that a name is a plain identifier: letters, digits and underscores, not starting with a digit,
 * at most `maxLength` characters. Names are data: anything else is refused, never escaped into SQL.
 */
export function validateIdentifier(name: unknown, parameter: string, maxLength: number): string {
  if (typeof name !== 'string') throw new InvalidIdentifierError(String(name), parameter, 'not a string');
  if (name.length === 0) throw new InvalidIdentifierError(name, parameter, 'empty');
  if (name.length > maxLength)
    throw new InvalidIdentifierError(name, parameter, `longer than ${maxLength} characters`);
  if (!IDENTIFIER.test(name)) {
    const bad = [...name].find((c, i) => !/[A-Za-z0-9_]/.test(c) || (i === 0 && /[0-9]/.test(c)));
    throw new InvalidIdentifierError(
      name,
      parameter,
      bad === undefined ? 'bad character' : `character ${JSON.stringify(bad)} is not allowed`,
    );
  }
  return name;
}

/** Splits and validates `table` or `schema.table`. */
export function parseTableRef(table: unknown, maxLength: number, parameter = 'table_name'): TableRef {
  if (typeof table !== 'string') throw new InvalidIdentifierError(String(table), parameter, 'not a string');
  const parts = table.split('.');
  if (parts.length === 1) return { name: validateIdentifier(parts[0], parameter, maxLength) };
  if (parts.length === 2)
    return {
      schema: validateIdentifier(parts[0], parameter, maxLength),
      name: validateIdentifier(parts[1], parameter, maxLength),
    };
  throw new InvalidIdentifierError(table, parameter, 'more than one "." (use "schema.table")');
}

/** Quotes an already validated identifier with `quote`, doubling any quote character inside. */
export function quoteWith(name: string, quote: '"' | '`'): string {
  return `${quote}${name.split(quote).join(quote + quote)}${quote}`;
}

/** Finds `name` among `candidates` case-insensitively, preferring an exact match. */
export function matchName(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.includes(name)) return name;
  const lower = name.toLowerCase();
  const found = candidates.filter((c) => c.toLowerCase() === lower);
  return found.length === 1 ? found[0] : undefined;
}
