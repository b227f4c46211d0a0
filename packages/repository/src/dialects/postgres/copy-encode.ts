const NEEDS_ESCAPE = /[\\\n\r\t]/;

/** Encodes one value as a field of PostgreSQL's COPY text format (`\N` is NULL). */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'string':
      return NEEDS_ESCAPE.test(v) ? escapeCopyText(v) : v;
    case 'boolean':
      return v ? 't' : 'f';
    case 'bigint':
      return v.toString();
  }
  if (v instanceof Date) return v.toISOString();
  return escapeCopyText(String(v));
}

function escapeCopyText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}
