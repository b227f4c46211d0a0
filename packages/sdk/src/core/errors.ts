/** Base class of every error the SDK throws. */
export class DhuoError extends Error {
  /** The id of the request that failed, when a request was made (sent as `X-Request-Id`). */
  readonly requestId: string | undefined;

  constructor(message: string, options?: { cause?: unknown; requestId?: string | undefined }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.requestId = options?.requestId;
  }
}

/** Bad input caught before any I/O: names the parameter and what was expected. */
export class DhuoValidationError extends DhuoError {
  /** The parameter at fault, e.g. `stage` or `modelpkl_path`. */
  readonly param: string;
  /** What the parameter should have been. */
  readonly expected: string;

  constructor(param: string, expected: string, received?: string) {
    super(`Invalid ${param}: expected ${expected}${received === undefined ? '' : `, got ${received}`}.`);
    this.param = param;
    this.expected = expected;
  }
}

/** The body of an error response as the spec defines it (`components.schemas.Error`). */
export interface DhuoErrorBody {
  code?: string;
  message?: string;
  status?: number;
  param?: string;
  request_id?: string;
  [key: string]: unknown;
}

/** The service answered with a status outside 2xx. */
export class DhuoApiError extends DhuoError {
  /** The HTTP status. */
  readonly status: number;
  /** The parsed JSON error body (or the raw text when it was not JSON). */
  readonly body: DhuoErrorBody | string | undefined;
  /** The response headers. */
  readonly headers: Headers | undefined;
  /** The error body's machine-readable `code`, when given. */
  readonly code: string | undefined;
  /** The request parameter the service blames, when given. */
  readonly param: string | undefined;

  constructor(
    status: number,
    body: DhuoErrorBody | string | undefined,
    message: string,
    options?: { requestId?: string | undefined; headers?: Headers | undefined },
  ) {
    super(message, { requestId: options?.requestId });
    this.status = status;
    this.body = body;
    this.headers = options?.headers;
    this.code = typeof body === 'object' && typeof body.code === 'string' ? body.code : undefined;
    this.param = typeof body === 'object' && typeof body.param === 'string' ? body.param : undefined;
  }

  /** Builds the subclass that matches `status`. */
  static from(
    status: number,
    body: DhuoErrorBody | string | undefined,
    options: {
      requestId?: string | undefined;
      headers?: Headers | undefined;
      method?: string;
      path?: string;
    },
  ): DhuoApiError {
    const detail =
      typeof body === 'object' && typeof body.message === 'string'
        ? body.message
        : typeof body === 'string' && body.length > 0
          ? body.slice(0, 500)
          : 'no error body';
    const where = options.method && options.path ? ` on ${options.method} ${options.path}` : '';
    const id = options.requestId ? ` (request ${options.requestId})` : '';
    const message = `${status}${where}: ${detail}${id}`;
    const Class = errorClassFor(status);
    return new Class(status, body, message, options);
  }
}

/** 400: the request is malformed or a parameter is invalid. */
export class DhuoBadRequestError extends DhuoApiError {}
/** 401: no token, or a token the service does not accept. */
export class DhuoAuthenticationError extends DhuoApiError {}
/** 403: the token may not do this. */
export class DhuoPermissionDeniedError extends DhuoApiError {}
/** 404: the named resource does not exist. */
export class DhuoNotFoundError extends DhuoApiError {}
/** 408: the service timed out waiting for the request. */
export class DhuoRequestTimeoutError extends DhuoApiError {}
/** 409: the request conflicts with the current state (e.g. the project exists). */
export class DhuoConflictError extends DhuoApiError {}
/** 413: the body or an uploaded file is larger than the service accepts. */
export class DhuoPayloadTooLargeError extends DhuoApiError {}
/** 422: the service understood the request but cannot process it. */
export class DhuoUnprocessableEntityError extends DhuoApiError {}
/** 429: too many requests; retried automatically, honouring `Retry-After`. */
export class DhuoRateLimitError extends DhuoApiError {}
/** 5xx: the service failed. */
export class DhuoInternalServerError extends DhuoApiError {}

function errorClassFor(
  status: number,
): new (
  ...args: ConstructorParameters<typeof DhuoApiError>
) => DhuoApiError {
  switch (status) {
    case 400:
      return DhuoBadRequestError;
    case 401:
      return DhuoAuthenticationError;
    case 403:
      return DhuoPermissionDeniedError;
    case 404:
      return DhuoNotFoundError;
    case 408:
      return DhuoRequestTimeoutError;
    case 409:
      return DhuoConflictError;
    case 413:
      return DhuoPayloadTooLargeError;
    case 422:
      return DhuoUnprocessableEntityError;
    case 429:
      return DhuoRateLimitError;
    default:
      return status >= 500 ? DhuoInternalServerError : DhuoApiError;
  }
}

/** The request never got a response: DNS, refused or reset connection, TLS failure. */
export class DhuoConnectionError extends DhuoError {}

/** No response arrived within the timeout (after the retries). */
export class DhuoTimeoutError extends DhuoConnectionError {}

/** The caller's `AbortSignal` cancelled the request. */
export class DhuoAbortError extends DhuoError {}

/** Downloaded or uploaded bytes do not match the checksum the service gave. */
export class DhuoChecksumError extends DhuoError {
  /** The checksum the service announced. */
  readonly expected: string;
  /** The checksum of the bytes actually received or sent. */
  readonly actual: string;

  constructor(what: string, expected: string, actual: string, requestId?: string) {
    super(`${what}: SHA-256 mismatch (service says ${expected}, bytes are ${actual}).`, { requestId });
    this.expected = expected;
    this.actual = actual;
  }
}
