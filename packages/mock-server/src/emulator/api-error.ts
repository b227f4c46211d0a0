/** An error the emulator answers with the spec's `Error` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    param?: string,
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.param = param;
    this.headers = headers;
  }
}

/** 400: a parameter is missing or invalid; the message says what was expected. */
export function invalid(param: string, message: string): ApiError {
  return new ApiError(400, 'invalid_parameter', message, param);
}

/** 404: the named resource does not exist. */
export function notFound(param: string, message: string): ApiError {
  return new ApiError(404, 'not_found', message, param);
}

/** 409: the request conflicts with the current state. */
export function conflict(param: string | undefined, message: string): ApiError {
  return new ApiError(409, 'conflict', message, param);
}

/** 413: the body or an upload is larger than the configured limit. */
export function tooLarge(limit: number, what = 'The request body'): ApiError {
  return new ApiError(413, 'payload_too_large', `${what} exceeds the limit of ${limit} bytes`);
}

/** 401: no token, or not the configured one. */
export function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, undefined, {
    'WWW-Authenticate': 'Bearer realm="dhuo"',
  });
}
