import type { DialectName } from './dialect.js';
import { formatUtcTimestamp } from './timestamp.js';

/**
 * Converts a JavaScript value to what the dialect's driver binds faithfully: Dates become UTC timestamp
 * text (drivers would otherwise use the process time zone), booleans become 1/0 on SQLite.
 */
export function bindValue(dialect: DialectName, v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return dialect === 'oracle' ? v : formatUtcTimestamp(v);
  if (typeof v === 'boolean' && dialect === 'sqlite') return v ? 1 : 0;
  return v;
}
