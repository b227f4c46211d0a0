import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { type ApiError, invalid, tooLarge } from './api-error.js';

/** A parsed multipart body, held in memory (parts are bounded by `maxFileBytes`). */
export interface MultipartBody {
  fields: Record<string, string>;
  files: Record<string, Buffer>;
}

/** True when the request carries multipart/form-data. */
export function isMultipart(req: IncomingMessage): boolean {
  return /^multipart\/form-data\b/i.test(String(req.headers['content-type'] ?? ''));
}

/** Room for the plain fields and the part headers, on top of the file parts. */
const FIELDS_BYTES = 64 * 1024;

/**
 * Parses multipart/form-data; parts with a filename (or named in `fileFields`) are files. Each part
 * is capped at `maxFileBytes` and the whole body at one such part per `fileFields` entry plus 64 KiB
 * (413 beyond), since every part is held in memory.
 */
export function readMultipart(
  req: IncomingMessage,
  opts: { maxFileBytes: number; fileFields?: readonly string[] },
): Promise<MultipartBody> {
  const maxTotal = opts.maxFileBytes * Math.max(1, opts.fileFields?.length ?? 0) + FIELDS_BYTES;
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 'NaN');
    if (Number.isFinite(declared) && declared > maxTotal) {
      req.resume();
      reject(tooLarge(maxTotal, 'The multipart body'));
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { fileSize: opts.maxFileBytes, fields: 100, files: 10, fieldSize: opts.maxFileBytes },
      });
    } catch {
      reject(invalid('body', 'Send multipart/form-data with a boundary'));
      return;
    }
    const fields: Record<string, string> = {};
    const files: Record<string, Buffer> = {};
    let failure: ApiError | undefined;
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) failure ??= tooLarge(opts.maxFileBytes, `The field ${name}`);
      if (opts.fileFields?.includes(name)) files[name] = Buffer.from(value, 'utf8');
      else fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failure ??= tooLarge(opts.maxFileBytes, `The file part ${name}`);
      });
      stream.on('end', () => {
        files[name] = Buffer.concat(chunks);
      });
    });
    bb.on('error', () => {
      reject(failure ?? invalid('body', 'The multipart body is malformed'));
    });
    bb.on('close', () => {
      if (failure) reject(failure);
      else resolve({ fields, files });
    });
    let received = 0;
    const count = (c: Buffer) => {
      received += c.length;
      if (received <= maxTotal) return;
      // Stop parsing (and buffering): drain the rest unread and answer 413 now.
      req.off('data', count);
      req.unpipe(bb);
      req.resume();
      reject(tooLarge(maxTotal, 'The multipart body'));
    };
    req.on('data', count);
    req.pipe(bb);
  });
}
