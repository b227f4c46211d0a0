import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OnUploadProgress } from './upload-progress.js';

/** One part of a multipart body: a text field or a file streamed from disk. */
export type MultipartPart =
  | { name: string; value: string }
  | { name: string; path: string; size: number; contentType?: string }
  | { name: string; bytes: Uint8Array; filename: string; contentType?: string };

/** A multipart/form-data body streamed from disk, with its exact length and content type. */
export interface MultipartBody {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  contentLength: number;
}

const blockSize = 256 * 1024;
/**
 * File blocks are read into a ring of buffers instead of fresh ones: V8 does not collect large
 * buffers promptly, so a fresh buffer per block would grow RSS by the file's size. A block is
 * overwritten only after `ringSize - 1` later blocks were pulled; with no read-ahead (high-water mark
 * 0) fetch holds at most a few blocks between the stream, its body proxy and the socket.
 */
const ringSize = 16;
const encoder = new TextEncoder();

function quote(value: string): string {
  return value.replace(/["\r\n\\]/g, (char) => encodeURIComponent(char));
}

/**
 * Builds a multipart body whose file parts are read from disk 256 KiB at a time as the request is
 * sent (a 1 GiB model never sits in memory), reporting each file's progress.
 */
export function multipartBody(parts: readonly MultipartPart[], onProgress?: OnUploadProgress): MultipartBody {
  const boundary = `----dhuo${randomBytes(12).toString('hex')}`;
  const heads = parts.map((part) =>
    encoder.encode(
      'value' in part
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"\r\n\r\n${part.value}`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"; filename="${quote('path' in part ? basename(part.path) : part.filename)}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    ),
  );
  const crlf = encoder.encode('\r\n');
  const tail = encoder.encode(`--${boundary}--\r\n`);
  const contentLength =
    heads.reduce((sum, head, index) => {
      const part = parts[index] as MultipartPart;
      const size = 'path' in part ? part.size : 'bytes' in part ? part.bytes.byteLength : 0;
      return sum + head.byteLength + size + crlf.byteLength;
    }, 0) + tail.byteLength;

  let ring: Buffer[] | undefined;
  let turn = 0;
  const nextBlock = (): Buffer => {
    ring ??= Array.from({ length: ringSize }, () => Buffer.allocUnsafe(blockSize));
    const block = ring[turn % ringSize] as Buffer;
    turn += 1;
    return block;
  };

  async function* generate(): AsyncGenerator<Uint8Array> {
    for (const [index, part] of parts.entries()) {
      yield heads[index] as Uint8Array;
      if ('bytes' in part) {
        // Views, not copies: the caller keeps the bytes unchanged until the request is answered.
        for (let offset = 0; offset < part.bytes.byteLength; offset += blockSize) {
          yield part.bytes.subarray(offset, Math.min(offset + blockSize, part.bytes.byteLength));
        }
      } else if ('path' in part) {
        const file = await open(part.path, 'r');
        try {
          let loaded = 0;
          while (loaded < part.size) {
            const block = nextBlock();
            const { bytesRead } = await file.read(block, 0, Math.min(blockSize, part.size - loaded), loaded);
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
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, contentType: `multipart/form-data; boundary=${boundary}`, contentLength };
}
