import createClient, { type Client } from 'openapi-fetch';
import { resolveServiceEndpoint, resolveToken } from './core/env.js';
import type { RequestDraft } from './core/request-draft.js';
import { createTransport, type TransportOptions } from './core/transport.js';
import type { paths } from './generated/dhuo.js';

/** Options of {@link createDhuoRawClient}. */
export interface DhuoRawClientOptions extends TransportOptions {
  /** The service's bare origin, e.g. `http://127.0.0.1:8000` (default `DHUO_SERVICE_ENDPOINT`). */
  baseUrl?: string | undefined;
}

/** The typed openapi-fetch client: every call resolves to `{ data, error, response }` and never throws on HTTP errors. */
export type DhuoRawClient = Client<paths>;

/**
 * A typed openapi-fetch client for the Dhuo spec, sharing the SDK transport (auth, retries, timeouts).
 *
 * @example
 * const raw = createDhuoRawClient({ baseUrl: 'http://127.0.0.1:8000', token: 'my-key' });
 * const { data, error } = await raw.GET('/api/experiment/search', { params: { query: { max_results: 5 } } });
 */
export function createDhuoRawClient(
  options: DhuoRawClientOptions = {},
  /** @internal The ergonomic clients pass `RequestDraft` here. */
  internal?: { Request: typeof RequestDraft },
): DhuoRawClient {
  const baseUrl = resolveServiceEndpoint(options.baseUrl);
  const fetch = createTransport({ ...options, token: resolveToken(options.token) }) as (
    input: Request,
  ) => Promise<Response>;
  return createClient<paths>({
    baseUrl,
    fetch,
    bodySerializer: serializeBody,
    ...(internal ? { Request: internal.Request as unknown as typeof Request } : {}),
  });
}

/** JSON for plain values; FormData, Blob, streams and bytes go through untouched (multipart and uploads). */
function serializeBody(body: unknown): unknown {
  if (
    body instanceof FormData ||
    body instanceof Blob ||
    body instanceof ReadableStream ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof URLSearchParams
  ) {
    return body;
  }
  return JSON.stringify(body);
}

/** A `bodySerializer` for multipart operations called through the raw client: builds `FormData`. */
export function formDataSerializer(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Blob) form.append(name, value, value instanceof File ? value.name : name);
    else form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return form;
}
