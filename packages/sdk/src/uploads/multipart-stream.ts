import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OnUploadProgress } from './upload-progress.js';

/** One part of a multipart body: a text field or a file streamed from disk. */
export type MultipartPart =
  | { name: string; value: string }
  | { name: string; path: string; size: number; contentType?: string };

/** A multipart/form-data body streamed from disk, with its exact length and content type. */
export interface MultipartBody {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  contentLength: number;
}

const blockSize = 1024 * 1024;
const encoder = new TextEncoder();

function quote(value: string): string {
  return value.replace(/["\r\n\\]/g, (char) => encodeURIComponent(char));
}

/**
 * Builds a multipart body whose file parts are read from disk 1 MiB at a time as the request is
 * sent (a 1 GiB model never sits in memory), reporting each file's progress.
 */
export function multipartBody(parts: readonly MultipartPart[], onProgress?: OnUploadProgress): MultipartBody {
  const boundary = `----dhuo${randomBytes(12).toString('hex')}`;
  const heads = parts.map((part) =>
    encoder.encode(
      'path' in part
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"; filename="${quote(basename(part.path))}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"\r\n\r\n${part.value}`,
    ),
  );
  const crlf = encoder.encode('\r\n');
  const tail = encoder.encode(`--${boundary}--\r\n`);
  const contentLength =
    heads.reduce((sum, head, index) => {
      const part = parts[index] as MultipartPart;
      return sum + head.byteLength + ('path' in part ? part.size : 0) + crlf.byteLength;
    }, 0) + tail.byteLength;

  async function* generate(): AsyncGenerator<Uint8Array> {
    for (const [index, part] of parts.entries()) {
      yield heads[index] as Uint8Array;
      if ('path' in part) {
        const file = await open(part.path, 'r');
        try {
          let loaded = 0;
          while (loaded < part.size) {
            // A fresh buffer per block: the stream consumer may still hold the previous one.
            const block = Buffer.allocUnsafe(Math.min(blockSize, part.size - loaded));
            const { bytesRead } = await file.read(block, 0, block.byteLength, loaded);
            if (bytesRead === 0) throw new Error(`${part.path} shrank while it was being uploaded`);
            loaded += bytesRead;
            yield block.subarray(0, bytesRead);
            onProgress?.({ field: part.name, path: part.path, loaded, total: part.size });
          }
          if (part.size === 0) onProgress?.({ field: part.name, path: part.path, loaded: 0, total: 0 });
        } finally {
          await file.close();
        }
      }
      yield crlf;
    }
    yield tail;
  }

  const iterator = generate();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
  return { stream, contentType: `multipart/form-data; boundary=${boundary}`, contentLength };
}
