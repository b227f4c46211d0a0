/**
 * What openapi-fetch builds for the ergonomic clients instead of a `Request` (passed as its `Request`
 * option): the same fields, without constructing an undici `Request` that `fetch` would copy again.
 * It halves the per-call cost of the SDK; the public raw client keeps real `Request`s for middleware.
 */
export class RequestDraft {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: NonNullable<RequestInit['body']> | null;
  readonly signal: AbortSignal | null;
  readonly redirect: NonNullable<RequestInit['redirect']>;
  [key: string]: unknown;

  constructor(url: string, init: RequestInit & Record<string, unknown> = {}) {
    const { method, headers, body, signal, redirect, ...rest } = init;
    Object.assign(this, rest);
    this.url = url;
    this.method = (method ?? 'GET').toUpperCase();
    this.headers = headers instanceof Headers ? headers : new Headers(headers);
    this.body = body ?? null;
    this.signal = signal ?? null;
    this.redirect = redirect ?? 'follow';
  }
}
