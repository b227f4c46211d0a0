import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  DhuoAbortError,
  DhuoApiError,
  DhuoChecksumError,
  DhuoConflictError,
  DhuoConnectionError,
  DhuoError,
} from '../core/errors.js';
import { backoffMs, defaultRetryPolicy, type RetryPolicy, retryAfterMs, sleep } from '../core/retry.js';
import type { components } from '../generated/dhuo.js';
import { type MultipartBody, multipartBody } from './multipart-stream.js';
import type { OnUploadProgress } from './upload-progress.js';

type UploadChunkResult = components['schemas']['UploadChunkResult'];
type FileName = components['schemas']['FileName'];

/** Default chunk size: 10 MB, as the Python client sent. */
export const defaultChunkSize = 10 * 1024 * 1024;

/** The finished upload of one file, as `POST /api/runs` pins it. */
export interface CompletedUpload {
  upload_id: string;
  sha256: string;
  size: number;
}

/**
 * Sends one file in chunks read from disk one at a time (memory stays at about one chunk): each
 * chunk carries the upload id (after the first), its offset, its SHA-256 and the file's size; the
 * service's byte count and running SHA-256 are checked after every chunk.
 *
 * A chunk is safe to send again because the service refuses an offset it has passed: after a
 * connection error, timeout, 408, 429 or 5xx the same chunk is resent at the same offset, and a
 * 409 on that resend means the first attempt had landed. The whole file's SHA-256 is checked at
 * the end (and again by the service when the run pins the upload), so no guess goes unverified.
 */
export async function uploadInChunks(options: {
  path: string;
  size: number;
  experimentName: string;
  fileName: FileName;
  chunkSize: number;
  sendChunk: (body: MultipartBody) => Promise<UploadChunkResult>;
  onProgress?: OnUploadProgress | undefined;
  signal?: AbortSignal | undefined;
  /** Resends of one chunk after a failure that may be transient, and the backoff between them (default: the transport's). */
  retryPolicy?: RetryPolicy | undefined;
  /** Replaces the wait between resends (tests). */
  wait?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
}): Promise<CompletedUpload> {
  const { path, size, chunkSize } = options;
  const whole = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min(chunkSize, Math.max(size, 1)));
  const file = await open(path, 'r');
  let uploadId: string | undefined;
  let remoteSha256: string | undefined;
  let offset = 0;
  try {
    // An empty file still sends one (empty) chunk so the service opens an upload for it.
    do {
      if (options.signal?.aborted) throw new DhuoAbortError(`upload of ${path} was aborted`);
      const want = Math.min(chunkSize, size - offset);
      let read = 0;
      while (read < want) {
        const { bytesRead } = await file.read(buffer, read, want - read, offset + read);
        if (bytesRead === 0)
          throw new DhuoError(
            `${path} shrank while it was being uploaded (at byte ${offset + read} of ${size})`,
          );
        read += bytesRead;
      }
      const chunk = buffer.subarray(0, read);
      whole.update(chunk);
      const chunkSha256 = createHash('sha256').update(chunk).digest('hex');
      // The chunk is sent straight from the read buffer, which is reused only once the service answered.
      const body = () =>
        multipartBody([
          { name: 'experiment_name', value: options.experimentName },
          { name: 'file_name', value: options.fileName },
          ...(uploadId === undefined ? [] : [{ name: 'upload_id', value: uploadId }]),
          { name: 'offset', value: String(offset) },
          { name: 'total_size', value: String(size) },
          { name: 'chunk_sha256', value: chunkSha256 },
          { name: 'chunk', bytes: chunk, filename: basename(path) },
        ]);
      const result = await sendWithResends(body, uploadId, offset + read, options);
      uploadId ??= result.upload_id;
      // Unknown after a resend found the chunk already stored; the final check then rests on the service.
      remoteSha256 = result.sha256;
      offset += read;
      if (result.received_bytes !== offset) {
        throw new DhuoError(
          `upload of ${path}: the service reports ${result.received_bytes} bytes received, the client sent ${offset}; retry the run`,
        );
      }
      options.onProgress?.({ field: options.fileName, path, loaded: offset, total: size });
    } while (offset < size);
  } finally {
    await file.close();
  }
  const sha256 = whole.digest('hex');
  // The service's running SHA-256 after the last chunk must be the file's.
  if (remoteSha256 !== undefined && remoteSha256 !== sha256) {
    throw new DhuoChecksumError(`upload of ${path}`, remoteSha256, sha256);
  }
  return { upload_id: uploadId as string, sha256, size };
}

/** What the client keeps of a chunk's acknowledgement (`sha256` is unknown after a resend found it stored). */
interface ChunkAck {
  upload_id: string;
  received_bytes: number;
  sha256: string | undefined;
}

/** Whether a failed chunk may be resent: no response, a timeout, or a status worth retrying. */
function transient(error: unknown): boolean {
  if (error instanceof DhuoAbortError) return false;
  if (error instanceof DhuoConnectionError) return true;
  return (
    error instanceof DhuoApiError && (error.status === 408 || error.status === 429 || error.status >= 500)
  );
}

/** Sends one chunk, resending it at the same offset after transient failures. */
async function sendWithResends(
  body: () => MultipartBody,
  uploadId: string | undefined,
  endOffset: number,
  options: {
    sendChunk: (body: MultipartBody) => Promise<UploadChunkResult>;
    signal?: AbortSignal | undefined;
    retryPolicy?: RetryPolicy | undefined;
    wait?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
  },
): Promise<ChunkAck> {
  const policy = options.retryPolicy ?? defaultRetryPolicy;
  const wait = options.wait ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await options.sendChunk(body());
    } catch (error) {
      // A resend refused for its offset: the earlier attempt was stored (only meaningful once the
      // upload has an id; a first chunk resent without one simply opens a fresh upload).
      if (attempt > 0 && uploadId !== undefined && error instanceof DhuoConflictError) {
        return { upload_id: uploadId, received_bytes: endOffset, sha256: undefined };
      }
      if (!transient(error) || attempt >= policy.maxRetries) throw error;
      const headers = error instanceof DhuoApiError ? error.headers : undefined;
      const delay = retryAfterMs(headers) ?? backoffMs(attempt, policy);
      try {
        await wait(delay, options.signal ?? new AbortController().signal);
      } catch (cause) {
        throw new DhuoAbortError('chunk upload was aborted', { cause });
      }
    }
  }
}
