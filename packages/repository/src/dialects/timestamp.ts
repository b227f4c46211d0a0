/** Formats a Date as `YYYY-MM-DD HH:MM:SS.mmm` in UTC, the form every dialect parses as a timestamp. */
export function formatUtcTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Parses a UTC timestamp text (`YYYY-MM-DD HH:MM:SS[.fff]`, or ISO with a zone) back into a Date. */
export function parseUtcTimestamp(text: string): Date {
  const iso = text.includes('T') ? text : text.replace(' ', 'T');
  return new Date(/(Z|[+-]\d{2}(:?\d{2})?)$/.test(iso) ? iso : `${iso}Z`);
}
