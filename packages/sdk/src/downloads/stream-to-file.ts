import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DhuoAbortError, DhuoChecksumError } from '../core/errors.js';

/** Progress of a transfer: bytes done and, when known, the total. */
export interface TransferProgress {
  /** Bytes transferred so far. */
  loaded: number;
  /** Total bytes, when known. */
  total: number | undefined;
}

/**
 * Streams a body to `path` through a temporary file that is renamed only once the SHA-256 matches
 * `expectedSha256` (when given); the body is never held whole in memory.
 */
export async function streamToFile(
  body: ReadableStream<Uint8Array>,
  path: string,
  options: {
    expectedSha256?: string | undefined;
    total?: number | undefined;
    onProgress?: ((progress: TransferProgress) => void) | undefined;
    signal?: AbortSignal | undefined;
    what: string;
    requestId?: string | undefined;
  },
): Promise<{ sha256: string; size: number }> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
  const hash = createHash('sha256');
  const file = await open(temp, 'w');
  let size = 0;
  let done = false;
  try {
    const reader = body.getReader();
    const onAbort = () => void reader.cancel(options.signal?.reason).catch(() => undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (options.signal?.aborted)
          throw new DhuoAbortError(`${options.what} was aborted`, { requestId: options.requestId });
        const { value, done: finished } = await reader.read();
        if (finished) break;
        hash.update(value);
        await file.write(value);
        size += value.byteLength;
        options.onProgress?.({ loaded: size, total: options.total });
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (options.signal?.aborted)
      throw new DhuoAbortError(`${options.what} was aborted`, { requestId: options.requestId });
    await file.sync();
    await file.close();
    const sha256 = hash.digest('hex');
    if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
      throw new DhuoChecksumError(options.what, options.expectedSha256, sha256, options.requestId);
    }
    await rename(temp, path);
    done = true;
    return { sha256, size };
  } finally {
    if (!done) {
      await file.close().catch(() => undefined);
      await rm(temp, { force: true });
    }
  }
}
