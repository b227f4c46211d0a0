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

/** Parses multipart/form-data; parts with a filename (or named in `fileFields`) are files. */
export function readMultipart(
  req: IncomingMessage,
  opts: { maxFileBytes: number; fileFields?: readonly string[] },
): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
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
    req.pipe(bb);
  });
}
