import { DhuoValidationError } from './errors.js';

/** Reads an environment variable; blank counts as unset. */
export function readEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** `serviceEndpoint` option, else `DHUO_SERVICE_ENDPOINT`; a bare http(s) origin without `/api`. */
export function resolveServiceEndpoint(option: string | undefined): string {
  const value = option ?? readEnv('DHUO_SERVICE_ENDPOINT');
  const expected =
    'an http(s) URL such as http://127.0.0.1:8000 (pass serviceEndpoint or set DHUO_SERVICE_ENDPOINT)';
  if (value === undefined || typeof value !== 'string' || value.trim() === '') {
    throw new DhuoValidationError('serviceEndpoint', expected);
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new DhuoValidationError('serviceEndpoint', expected, JSON.stringify(value));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DhuoValidationError('serviceEndpoint', expected, JSON.stringify(value));
  }
  if (url.username || url.password) {
    throw new DhuoValidationError('serviceEndpoint', 'a URL without credentials (pass the token as `token`)');
  }
  if (/\/api\/?$/.test(url.pathname)) {
    throw new DhuoValidationError(
      'serviceEndpoint',
      `the service's origin without /api, e.g. ${url.origin} (the SDK adds /api to every path)`,
      JSON.stringify(value),
    );
  }
  return value.trim().replace(/\/+$/, '');
}

/** `token` option, else `DHUO_TOKEN`, else none. */
export function resolveToken(option: string | undefined): string | undefined {
  if (option !== undefined) {
    if (typeof option !== 'string' || option.trim() === '') {
      throw new DhuoValidationError('token', 'a non-empty string (or leave it out to use DHUO_TOKEN)');
    }
    return option;
  }
  return readEnv('DHUO_TOKEN');
}
