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
    else if (kind === 'datetime' && dialect === 'sqlite') fixes.push([i, timestampDecoder()]);
  });
  if (fixes.length === 0) return undefined;
  return (row) => {
    for (const [i, fix] of fixes) {
      const v = row[i];
      if (v !== null && v !== undefined) row[i] = fix(v);
    }
  };
}

/** Text → Date, remembering the last text: a versioned table repeats one CREATED_AT per version. */
function timestampDecoder(): (v: unknown) => unknown {
  let lastText: string | undefined;
  let lastMs = 0;
  return (v) => {
    if (typeof v !== 'string') return v;
    if (v !== lastText) {
      lastText = v;
      lastMs = parseUtcTimestamp(v).getTime();
    }
    return new Date(lastMs);
  };
}
