import type { ColumnKind, DialectName } from './dialects/dialect.js';
import { parseUtcTimestamp } from './dialects/timestamp.js';

/**
 * Returns a function that fixes, in place, the values a driver returns in a storage form: SQLite's 0/1
 * booleans and timestamp text, Oracle's NUMBER(1) booleans. Undefined when nothing needs fixing.
 */
export function rowDecoder(
  dialect: DialectName,
  kinds: readonly ColumnKind[],
): ((row: unknown[]) => void) | undefined {
  const fixes: [number, (v: unknown) => unknown][] = [];
  kinds.forEach((kind, i) => {
    if (kind === 'boolean' && (dialect === 'sqlite' || dialect === 'oracle'))
      fixes.push([i, (v) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) !== 0 : v)]);
    else if (kind === 'datetime' && dialect === 'sqlite')
      fixes.push([i, (v) => (typeof v === 'string' ? parseUtcTimestamp(v) : v)]);
  });
  if (fixes.length === 0) return undefined;
  return (row) => {
    for (const [i, fix] of fixes) {
      const v = row[i];
      if (v !== null && v !== undefined) row[i] = fix(v);
    }
  };
}
