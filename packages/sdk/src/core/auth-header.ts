import { DhuoValidationError } from './errors.js';

/** The header a token travels in: `Authorization` for `Bearer …` tokens, else `X-Dhuo-Access-Key`. */
export interface AuthHeader {
  name: 'Authorization' | 'X-Dhuo-Access-Key';
  value: string;
}

/** Maps a token to its header, as the Python dhuolib did (never logs or echoes the token). */
export function authHeaderFor(token: string): AuthHeader {
  if (typeof token !== 'string' || token.trim().length === 0) {
    throw new DhuoValidationError('token', 'a non-empty string (or set DHUO_TOKEN)');
  }
  if (/[\r\n\0]/.test(token)) {
    // The token is deliberately not echoed.
    throw new DhuoValidationError('token', 'a single line without control characters');
  }
  const trimmed = token.trim();
  if (/^bearer\s/i.test(trimmed)) {
    return { name: 'Authorization', value: `Bearer ${trimmed.slice(6).trim()}` };
  }
  return { name: 'X-Dhuo-Access-Key', value: trimmed };
}

/** Header names that carry secrets and must never be logged. */
export const secretHeaderNames: ReadonlySet<string> = new Set([
  'authorization',
  'x-dhuo-access-key',
  'cookie',
]);
