/** Per-call options, always the last argument of an SDK method. */
export interface RequestOptions {
  /** Cancels the call; it then rejects with `DhuoAbortError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds to wait for response headers, per attempt (overrides the client's `timeout`). */
  timeout?: number | undefined;
  /** Retries for this call (overrides the client's `maxRetries`). */
  maxRetries?: number | undefined;
  /** Extra headers for this call (e.g. `Prefer` for a Prism mock). */
  headers?: Record<string, string> | undefined;
  /** The `Idempotency-Key` for operations that take one (default: a new UUID per call, reused across retries). */
  idempotencyKey?: string | undefined;
}
