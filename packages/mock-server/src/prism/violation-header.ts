import type { PrismViolation } from './load-prism.js';

const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];

/** One entry of the `sl-violations` header, as Prism's own server writes it. */
export interface ViolationEntry {
  location: (string | number)[];
  severity: string;
  code?: string | number;
  message: string;
}

/** Prism's violations of one request/response, prefixed `request`/`response` as in its header. */
export function violationEntries(input: PrismViolation[], output: PrismViolation[]): ViolationEntry[] {
  const map =
    (prefix: string) =>
    (v: PrismViolation): ViolationEntry => ({
      location: [prefix, ...(v.path ?? [])],
      severity: typeof v.severity === 'number' ? (SEVERITY[v.severity] ?? String(v.severity)) : v.severity,
      code: v.code,
      message: v.message,
    });
  return [...input.map(map('request')), ...output.map(map('response'))];
}

/** The header value (capped like Prism's at ~8 KB). */
export function violationHeader(entries: ViolationEntry[]): string {
  const value = JSON.stringify(entries);
  const max = 8 * 1024 - 100;
  return value.length > max ? `Too many violations! ${value.slice(0, max)}` : value;
}
