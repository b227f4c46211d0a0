/** How retries back off: exponential from `initialRetryDelay` to `maxRetryDelay`, with jitter. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 2). */
  maxRetries: number;
  /** First backoff in ms (default 500). */
  initialRetryDelay: number;
  /** Longest backoff in ms (default 8000). */
  maxRetryDelay: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 2, initialRetryDelay: 500, maxRetryDelay: 8000 };

/** The client options' retry policy, with the defaults for what they leave out. */
export function retryPolicyOf(options: Partial<RetryPolicy>): RetryPolicy {
  return {
    maxRetries: options.maxRetries ?? defaultRetryPolicy.maxRetries,
    initialRetryDelay: options.initialRetryDelay ?? defaultRetryPolicy.initialRetryDelay,
    maxRetryDelay: options.maxRetryDelay ?? defaultRetryPolicy.maxRetryDelay,
  };
}

/** The longest `Retry-After` the SDK waits for; longer ones fall back to backoff. */
const maxRetryAfterMs = 60_000;

/** Methods that are safe to repeat whatever the body (RFC 9110 safe methods). */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A request may be repeated when its method is safe or it carries an `Idempotency-Key`. */
export function isSafeToRepeat(method: string, headers: Headers): boolean {
  return safeMethods.has(method.toUpperCase()) || headers.has('idempotency-key');
}

/** Whether a response status is worth retrying: 408, 429, 5xx, or the service says so. */
export function shouldRetryStatus(response: Response): boolean {
  const hint = response.headers.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  return response.status === 408 || response.status === 429 || response.status >= 500;
}

/** The wait the service asks for (`retry-after-ms`, `Retry-After` seconds or date), when sane. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  let ms: number | undefined;
  const precise = headers.get('retry-after-ms');
  if (precise !== null && precise.trim() !== '' && Number.isFinite(Number(precise))) ms = Number(precise);
  const coarse = headers.get('retry-after');
  if (ms === undefined && coarse !== null && coarse.trim() !== '') {
    const seconds = Number(coarse);
    if (Number.isFinite(seconds)) ms = seconds * 1000;
    else {
      const date = Date.parse(coarse);
      if (Number.isFinite(date)) ms = Math.max(0, date - now);
    }
  }
  return ms !== undefined && ms >= 0 && ms <= maxRetryAfterMs ? ms : undefined;
}

/** Backoff before retry number `retry` (0-based): doubling, capped, minus up to 25% jitter. */
export function backoffMs(retry: number, policy: RetryPolicy, random = Math.random): number {
  const base = Math.min(policy.initialRetryDelay * 2 ** retry, policy.maxRetryDelay);
  return base * (1 - random() * 0.25);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
