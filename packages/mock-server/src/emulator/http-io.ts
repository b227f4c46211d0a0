import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, invalid, tooLarge } from './api-error.js';

/** Sends a JSON body with the status and the request id header. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Sends an `ApiError` (or an unexpected error as 500) as the spec's `Error` body. */
export function sendError(res: ServerResponse, err: unknown, requestId: string): void {
  const e =
    err instanceof ApiError
      ? err
      : new ApiError(500, 'internal_error', 'The emulator failed; see its log for the cause');
  if (e.headers) for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
  const body: Record<string, unknown> = { code: e.code, message: e.message, status: e.status };
  if (e.param !== undefined) body.param = e.param;
  body.request_id = requestId;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, e.status, body);
}

/** Reads the whole body, refusing more than `limit` bytes with 413. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON object body (Content-Type application/json), with 400 on anything else. */
export async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    req.resume();
    throw new ApiError(
      400,
      'invalid_request',
      'Send the body as JSON with Content-Type: application/json',
      'body',
    );
  }
  const raw = await readBody(req, limit);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid('body', 'The body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid('body', 'The body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}
