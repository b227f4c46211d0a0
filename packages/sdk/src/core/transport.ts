import { randomBytes } from 'node:crypto';
import { type AuthHeader, authHeaderFor, secretHeaderNames } from './auth-header.js';
import { DhuoAbortError, DhuoConnectionError, DhuoTimeoutError, DhuoValidationError } from './errors.js';
import { createLogger, type Logger, type LogLevel, redactor } from './logger.js';
import { sendFollowingRedirects } from './redirect.js';
import { RequestDraft } from './request-draft.js';
import { backoffMs, isSafeToRepeat, retryAfterMs, retryPolicyOf, shouldRetryStatus, sleep } from './retry.js';

/** A `fetch` as openapi-fetch calls it: one `Request` in, one `Response` out. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** The transport: takes openapi-fetch's `Request` (or the ergonomic clients' `RequestDraft`). */
export type TransportFetch = (input: Request | RequestDraft, init?: RequestInit) => Promise<Response>;

/** Options shared by the raw client and the ergonomic clients. */
export interface TransportOptions {
  /** Token sent with every request: `Bearer …` → `Authorization`, anything else → `X-Dhuo-Access-Key`. */
  token?: string | undefined;
  /** Milliseconds to wait for response headers, per attempt (default 60 000). */
  timeout?: number;
  /** Retries after the first attempt for requests that are safe to repeat (default 2). */
  maxRetries?: number;
  /** First retry backoff in ms (default 500); doubles up to `maxRetryDelay`. */
  initialRetryDelay?: number;
  /** Longest retry backoff in ms (default 8000). */
  maxRetryDelay?: number;
  /** The `fetch` to send requests with (default `globalThis.fetch`); tests inject one here. */
  fetch?: FetchLike;
  /** Headers added to every request (auth headers cannot be set here; use `token`). */
  defaultHeaders?: Record<string, string>;
  /** Where log lines go (default `console`); the token is scrubbed from every line. */
  logger?: Logger;
  /** How much to log (default `DHUO_LOG` or `warn`). */
  logLevel?: LogLevel;
  /** Replaces the wait between retries (tests use it to record delays without sleeping). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Per-request overrides, passed to openapi-fetch as the init key `dhuo`. */
export interface PerRequestTransportOptions {
  /** Milliseconds to wait for response headers, per attempt. */
  timeout?: number | undefined;
  /** Retries after the first attempt. */
  maxRetries?: number | undefined;
}

const neverAborted = new AbortController().signal;

/** The init key the transport reads per-request overrides from (openapi-fetch copies it onto the Request). */
export const perRequestKey = 'dhuo';

const requestIds = new WeakMap<Response, string>();

/** The `X-Request-Id` the transport sent for this response's request. */
export function requestIdOf(response: Response | undefined): string | undefined {
  return response ? requestIds.get(response) : undefined;
}

// A random per-process prefix and a counter: unique, and cheaper than a UUID per request.
const requestIdPrefix = randomBytes(6).toString('hex');
let requestCounter = 0;

/** A new request id, sent as `X-Request-Id` and carried by every error. */
export function newRequestId(): string {
  requestCounter += 1;
  return `req_${requestIdPrefix}${requestCounter.toString(36).padStart(6, '0')}`;
}

const timeoutMarker = Symbol('dhuo.timeout');

/**
 * Wraps `fetch` with auth, request ids, per-attempt timeouts, the caller's `AbortSignal` and retries.
 * HTTP errors come back as responses (the raw layer keeps errors as values); only a request that got
 * no response throws (`DhuoConnectionError`, `DhuoTimeoutError`, `DhuoAbortError`).
 */
export function createTransport(options: TransportOptions = {}): TransportFetch {
  const customFetch = options.fetch;
  const auth: AuthHeader | undefined = options.token === undefined ? undefined : authHeaderFor(options.token);
  const secrets = options.token === undefined ? [] : [options.token, auth?.value ?? ''];
  const log = createLogger(options, secrets);
  const scrub = redactor(secrets);
  const policy = retryPolicyOf(options);
  const defaultTimeout = checkTimeout(options.timeout, 'timeout') ?? 60_000;
  checkRetries(options.maxRetries, 'maxRetries');
  const wait = options.sleep ?? sleep;
  const defaultHeaders = Object.entries(options.defaultHeaders ?? {}).filter(
    ([name]) => !secretHeaderNames.has(name.toLowerCase()),
  );

  return async function dhuoFetch(input: Request | RequestDraft, init?: RequestInit): Promise<Response> {
    const source = init === undefined ? input : new Request(input as Request, init);
    const perRequest = (source as unknown as Record<string, PerRequestTransportOptions | undefined>)[
      perRequestKey
    ];
    const timeout = checkTimeout(perRequest?.timeout, 'timeout') ?? defaultTimeout;
    const maxRetries = checkRetries(perRequest?.maxRetries, 'maxRetries') ?? policy.maxRetries;
    const { url, method, redirect } = source;

    const headers = source.headers;
    for (const [name, value] of defaultHeaders) if (!headers.has(name)) headers.set(name, value);
    if (auth && !headers.has('authorization') && !headers.has('x-dhuo-access-key')) {
      headers.set(auth.name, auth.value);
    }
    let requestId = headers.get('x-request-id');
    if (!requestId) {
      requestId = newRequestId();
      headers.set('x-request-id', requestId);
    }

    // A draft's body is what openapi-fetch serialized: strings, bytes and FormData can be sent again,
    // a stream (a streamed upload) cannot. A real Request's body is always a stream: it is buffered
    // only when the request may be repeated (JSON bodies of safe requests).
    let body: RequestInit['body'] = source.body;
    const safe = maxRetries > 0 && isSafeToRepeat(method, headers);
    if (safe && !(source instanceof RequestDraft) && body instanceof ReadableStream) {
      body = await (source as Request).arrayBuffer();
    }
    const repeatable = safe && !(body instanceof ReadableStream);
    const userSignal = source.signal ?? neverAborted;

    for (let attempt = 0; ; attempt += 1) {
      if (userSignal.aborted)
        throw new DhuoAbortError(`${method} ${describe(url)} was aborted`, { requestId });
      const controller = new AbortController();
      const onUserAbort = () => controller.abort(userSignal.reason);
      const linked = userSignal !== neverAborted;
      if (linked) userSignal.addEventListener('abort', onUserAbort, { once: true });
      const timer = setTimeout(() => controller.abort(timeoutMarker), timeout);
      const attemptInit: RequestInit & { duplex?: 'half'; redirect: 'manual' } = {
        method,
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
      };
      if (body instanceof ReadableStream) attemptInit.duplex = 'half';
      if (log.enabled('debug')) {
        log.debug(
          `→ ${method} ${describe(url)} (${requestId}, attempt ${attempt + 1})`,
          redactHeaders(headers),
        );
      }

      let response: Response | undefined;
      let failure: unknown;
      try {
        // Without an injected fetch, `fetch(url, init)` builds the only Request of the call.
        response = await sendFollowingRedirects(
          (target, targetInit) =>
            customFetch ? customFetch(new Request(target, targetInit)) : globalThis.fetch(target, targetInit),
          url,
          attemptInit,
          redirect,
        );
      } catch (error) {
        failure = error;
      } finally {
        clearTimeout(timer);
        if (linked) userSignal.removeEventListener('abort', onUserAbort);
      }

      const retriesLeft = repeatable && attempt < maxRetries;
      if (response !== undefined) {
        if (log.enabled('debug')) log.debug(`← ${response.status} ${method} ${describe(url)} (${requestId})`);
        if (!(retriesLeft && shouldRetryStatus(response))) {
          requestIds.set(response, requestId);
          return response;
        }
      }
      const target = describe(url);
      if (response !== undefined) {
        const delay = retryAfterMs(response.headers) ?? backoffMs(attempt, policy);
        // Not awaited: cancelling a tee'd body resolves only when its twin is cancelled too.
        void response.body?.cancel().catch(() => undefined);
        log.info(
          `${response.status} on ${method} ${target} (${requestId}); retry ${attempt + 1} in ${Math.round(delay)} ms`,
        );
        await pause(delay, userSignal, method, target, requestId);
        continue;
      }

      if (userSignal.aborted) {
        throw new DhuoAbortError(`${method} ${target} was aborted`, { requestId, cause: userSignal.reason });
      }
      const timedOut = controller.signal.aborted && controller.signal.reason === timeoutMarker;
      if (!retriesLeft) {
        if (timedOut) {
          throw new DhuoTimeoutError(
            `${method} ${target} got no response within ${timeout} ms after ${attempt + 1} attempt(s) (request ${requestId}); raise \`timeout\` or check the service`,
            { requestId },
          );
        }
        throw new DhuoConnectionError(
          `${method} ${target} failed to connect after ${attempt + 1} attempt(s) (request ${requestId}): ${scrub(reason(failure))}; check serviceEndpoint and that the service is up`,
          { requestId, cause: failure },
        );
      }
      const delay = backoffMs(attempt, policy);
      log.info(
        `${timedOut ? 'timeout' : `connection error (${scrub(reason(failure))})`} on ${method} ${target} (${requestId}); retry ${attempt + 1} in ${Math.round(delay)} ms`,
      );
      await pause(delay, userSignal, method, target, requestId);
    }
  };

  async function pause(ms: number, signal: AbortSignal, method: string, target: string, requestId: string) {
    try {
      await wait(ms, signal);
    } catch (cause) {
      throw new DhuoAbortError(`${method} ${target} was aborted`, { requestId, cause });
    }
  }
}

function checkTimeout(value: unknown, param: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || value > 2_147_483_647) {
    throw new DhuoValidationError(param, 'a number of milliseconds greater than 0', String(value));
  }
  return value;
}

function checkRetries(value: unknown, param: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new DhuoValidationError(param, 'an integer ≥ 0', String(value));
  }
  return value;
}

/** The URL without its query string (queries may carry filters nobody asked to see in logs). */
function describe(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? ` ${String(cause.code)}` : '';
    const causeMessage = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.message}${code}${causeMessage}`;
  }
  return String(error);
}

function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = secretHeaderNames.has(name) ? '***' : value;
  });
  return out;
}
