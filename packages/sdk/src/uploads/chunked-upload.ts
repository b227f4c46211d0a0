import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { DhuoAbortError, DhuoChecksumError, DhuoError } from '../core/errors.js';
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
      // The chunk is sent straight from the read buffer, which is reused only once the service answered.
      const body = multipartBody([
        { name: 'experiment_name', value: options.experimentName },
        { name: 'file_name', value: options.fileName },
        ...(uploadId === undefined ? [] : [{ name: 'upload_id', value: uploadId }]),
        { name: 'offset', value: String(offset) },
        { name: 'total_size', value: String(size) },
        { name: 'chunk_sha256', value: createHash('sha256').update(chunk).digest('hex') },
        { name: 'chunk', bytes: chunk, filename: basename(path) },
      ]);
      const result = await options.sendChunk(body);
      uploadId ??= result.upload_id;
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
