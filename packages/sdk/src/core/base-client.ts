import { randomUUID } from 'node:crypto';
import type { components } from '../generated/dhuo.js';
import { createDhuoRawClient, type DhuoRawClient } from '../raw-client.js';
import { resolveServiceEndpoint, resolveToken } from './env.js';
import { DhuoApiError, type DhuoErrorBody, DhuoValidationError } from './errors.js';
import { redactor } from './logger.js';
import { RequestDraft } from './request-draft.js';
import type { RequestOptions } from './request-options.js';
import { type RetryPolicy, retryPolicyOf } from './retry.js';
import { tokenOf } from './token-store.js';
import {
  type PerRequestTransportOptions,
  perRequestKey,
  requestIdOf,
  type TransportOptions,
} from './transport.js';

/** Options every ergonomic client takes. */
export interface DhuoClientOptions extends TransportOptions {
  /** The service's bare origin, e.g. `http://127.0.0.1:8000` (default `DHUO_SERVICE_ENDPOINT`; required). */
  serviceEndpoint?: string | undefined;
  /** An `Auth` that logged in; its token is used when `token` is not given. */
  auth?: { isLogged(): boolean } | undefined;
}

/** What openapi-fetch takes besides params and body: signal, headers and the transport's per-call overrides. */
export interface CallInit {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  [perRequestKey]: PerRequestTransportOptions;
  [key: string]: unknown;
}

/** One openapi-fetch result. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Shared plumbing of the ergonomic clients: the raw client, error mapping and per-call options. */
export abstract class DhuoBaseClient {
  /** The typed openapi-fetch client behind this client, on the same transport (errors as values). */
  readonly raw: DhuoRawClient;
  /** The service's origin, as resolved from the options or the environment. */
  readonly serviceEndpoint: string;
  /** Retries and the wait between them, for the resends the SDK does itself (chunk uploads). */
  protected readonly retrySettings: { policy: RetryPolicy; sleep: TransportOptions['sleep'] };
  /** The same operations for the SDK's own calls, built on request drafts (see `RequestDraft`). */
  protected readonly api: DhuoRawClient;
  readonly #scrub: (text: string) => string;

  constructor(options: DhuoClientOptions = {}) {
    this.serviceEndpoint = resolveServiceEndpoint(options.serviceEndpoint);
    if (options.token === undefined && options.auth !== undefined && !options.auth.isLogged()) {
      throw new DhuoValidationError(
        'auth',
        'a logged-in Auth: call `await auth.login(token)` before creating the client',
      );
    }
    const token = resolveToken(options.token ?? tokenOf(options.auth));
    this.#scrub = redactor(token === undefined ? [] : [token]);
    this.retrySettings = { policy: retryPolicyOf(options), sleep: options.sleep };
    this.raw = createDhuoRawClient({ ...options, baseUrl: this.serviceEndpoint, token });
    this.api = createDhuoRawClient(
      { ...options, baseUrl: this.serviceEndpoint, token },
      { Request: RequestDraft },
    );
  }

  /** Checks that the service is up (`GET /api/health`). */
  health(options?: RequestOptions): Promise<components['schemas']['Health']> {
    return this.call('GET /api/health', (init) => this.api.GET('/api/health', init), options);
  }

  /** Runs one openapi-fetch call with the per-call options and turns an error response into a typed throw. */
  protected async call<T>(
    label: string,
    run: (init: CallInit) => Promise<FetchResult<T>>,
    options: RequestOptions | undefined,
  ): Promise<T> {
    const { data, error, response } = await run(this.init(options));
    if (!response.ok) throw this.apiError(label, response, error);
    return data as T;
  }

  /** The openapi-fetch init for one call. */
  protected init(options: RequestOptions | undefined): CallInit {
    const init: CallInit = {
      [perRequestKey]: { timeout: options?.timeout, maxRetries: options?.maxRetries },
    };
    if (options?.signal) init.signal = options.signal;
    if (options?.headers) init.headers = options.headers;
    return init;
  }

  /** The `Idempotency-Key` for one call: the caller's, or a new UUID (kept across the call's retries). */
  protected idempotencyKey(options: RequestOptions | undefined): string {
    return options?.idempotencyKey ?? randomUUID();
  }

  /** Maps an error response to its `DhuoApiError` subclass, scrubbing the token from its body and message. */
  protected apiError(label: string, response: Response, body: unknown): DhuoApiError {
    const clean = this.#scrubBody(body);
    const parsed =
      typeof clean === 'object' && clean !== null ? (clean as DhuoErrorBody) : (clean as string | undefined);
    const requestId =
      (typeof parsed === 'object' && typeof parsed.request_id === 'string' ? parsed.request_id : undefined) ??
      response.headers.get('x-request-id') ??
      requestIdOf(response);
    const [method, path] = label.split(' ');
    const error = DhuoApiError.from(response.status, parsed, {
      requestId,
      headers: response.headers,
      method: method ?? '',
      path: path ?? '',
    });
    error.message = this.#scrub(error.message);
    return error;
  }

  /** The error body with the token scrubbed from its text (a service may echo the token back). */
  #scrubBody(body: unknown): unknown {
    if (typeof body === 'string') return this.#scrub(body);
    if (typeof body !== 'object' || body === null) return body;
    const text = JSON.stringify(body);
    const clean = this.#scrub(text);
    if (clean === text) return body;
    try {
      return JSON.parse(clean);
    } catch {
      return clean;
    }
  }
}
