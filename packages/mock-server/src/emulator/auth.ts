import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { unauthorized } from './api-error.js';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Checks `X-Dhuo-Access-Key: <token>` or `Authorization: Bearer <token>`; 401 otherwise. Returns the scheme used. */
export function checkToken(req: IncomingMessage, token: string): 'bearer' | 'access_key' {
  const expected = digest(token);
  const key = req.headers['x-dhuo-access-key'];
  const auth = req.headers.authorization;
  if (typeof key === 'string' && key.length > 0) {
    if (timingSafeEqual(digest(key), expected)) return 'access_key';
    throw unauthorized(
      'The X-Dhuo-Access-Key token is not accepted; send the token the emulator printed or was given',
    );
  }
  if (typeof auth === 'string' && auth.length > 0) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m && timingSafeEqual(digest((m[1] as string).trim()), expected)) return 'bearer';
    throw unauthorized(
      'The Authorization Bearer token is not accepted; send the token the emulator printed or was given',
    );
  }
  throw unauthorized('Send a token as X-Dhuo-Access-Key or Authorization Bearer');
}
