import type { Hash } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, invalid, notFound, tooLarge } from '../api-error.js';
import type { Emulator } from '../emulator.js';
import type { Handler } from '../handler.js';
import { readMultipart } from '../multipart.js';
import { optionalInteger, optionalString } from '../params.js';
import { safeJoin } from '../safe-path.js';
import type { UploadRecord } from '../state.js';

/** The two files of a run (the spec's `FileName`), in the order runs list them. */
export const FILE_NAMES = [
  'modelpkl_path',
  'requirements_path',
] as const satisfies readonly UploadRecord['file_name'][];
const UPLOAD_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** Reads `file_name` (one of the run's two files); anything else — a path included — is 400. */
export function fileNameParam(value: unknown): UploadRecord['file_name'] {
  if (typeof value !== 'string' || !(FILE_NAMES as readonly string[]).includes(value)) {
    throw invalid('file_name', 'file_name must be modelpkl_path or requirements_path');
  }
  return value as UploadRecord['file_name'];
}

/** The running hash of an upload; after a restart it is rebuilt by reading the file. */
async function runningHash(emu: Emulator, up: UploadRecord): Promise<Hash> {
  const known = emu.uploadHashes.get(up.upload_id);
  if (known) return known;
  const h = emu.newHash();
  if (up.received_bytes > 0) {
    await new Promise<void>((resolve, reject) => {
      createReadStream(join(emu.config.dataDir, up.path))
        .on('data', (c) => h.update(c))
        .on('end', resolve)
        .on('error', reject);
    });
  }
  emu.uploadHashes.set(up.upload_id, h);
  return h;
}

/** POST /api/runs/upload_chunk — appends one chunk in order, checking offset and checksum. */
export const uploadChunk: Handler = async ({ emu, req }) => {
  const { fields, files } = await readMultipart(req, {
    maxFileBytes: emu.config.maxChunkBytes,
    fileFields: ['chunk'],
  });
  const experimentName = optionalString(fields, 'experiment_name');
  if (!experimentName) throw invalid('experiment_name', 'experiment_name is required');
  const fileName = fileNameParam(fields.file_name);
  const chunk = files.chunk;
  if (!chunk) throw invalid('chunk', 'Send the chunk bytes as the file part named chunk');
  const uploadId = optionalString(fields, 'upload_id');
  const offset = optionalInteger(fields, 'offset', 0);
  const totalSize = optionalInteger(fields, 'total_size', 0);
  const chunkSha = optionalString(fields, 'chunk_sha256');
  if (chunkSha !== undefined && !/^[0-9a-f]{64}$/.test(chunkSha)) {
    throw invalid('chunk_sha256', 'chunk_sha256 must be 64 lower-case hex digits');
  }
  if (uploadId !== undefined && !UPLOAD_ID.test(uploadId)) {
    throw invalid('upload_id', 'upload_id must be the id the service gave for the first chunk');
  }
  emu.experimentByName(experimentName);
  if (totalSize !== undefined && totalSize > emu.config.maxUploadBytes)
    throw tooLarge(emu.config.maxUploadBytes, 'The upload');
  if (chunkSha !== undefined) {
    const actual = emu.newHash().update(chunk).digest('hex');
    if (actual !== chunkSha) {
      throw invalid('chunk_sha256', `The chunk's SHA-256 is ${actual}, not ${chunkSha}; resend the chunk`);
    }
  }

  let up: UploadRecord | undefined;
  if (uploadId !== undefined) {
    up = emu.state.uploads.find((u) => u.upload_id === uploadId);
    if (!up) throw notFound('upload_id', `No upload ${uploadId}; start a new upload without upload_id`);
    if (up.experiment_name !== experimentName || up.file_name !== fileName) {
      throw conflict('upload_id', `Upload ${uploadId} belongs to ${up.experiment_name}/${up.file_name}`);
    }
  } else if (offset === undefined || offset > 0) {
    // The Python clients send chunks without ids: continue the open upload of this file.
    up = [...emu.state.uploads]
      .reverse()
      .find(
        (u) =>
          u.experiment_name === experimentName &&
          u.file_name === fileName &&
          (u.total_size === null || u.received_bytes < u.total_size),
      );
  }
  const now = Date.now();
  if (!up && offset !== undefined && offset !== 0) {
    throw conflict('offset', `A new upload starts at offset 0, not ${offset}`);
  }
  const received = up?.received_bytes ?? 0;
  if (offset !== undefined && offset !== received) {
    throw conflict(
      'offset',
      `offset ${offset} does not match the ${received} bytes received; resume at ${received}`,
    );
  }
  const total = totalSize ?? up?.total_size ?? null;
  const after = received + chunk.length;
  if (after > emu.config.maxUploadBytes) throw tooLarge(emu.config.maxUploadBytes, 'The upload');
  if (total !== null && after > total) {
    throw invalid('total_size', `The chunk would bring the file to ${after} bytes, past total_size ${total}`);
  }
  if (!up) {
    const id = randomUUID();
    up = {
      upload_id: id,
      experiment_name: experimentName,
      file_name: fileName,
      received_bytes: 0,
      total_size: total,
      sha256: emu.newHash().digest('hex'),
      path: join('uploads', id),
      created_at: now,
      updated_at: now,
    };
    safeJoin(join(emu.config.dataDir, 'uploads'), 'upload_id', id);
    await writeFile(join(emu.config.dataDir, up.path), '');
    emu.state.uploads.push(up);
  }
  up.total_size = total;
  const hash = await runningHash(emu, up);
  await appendFile(join(emu.config.dataDir, up.path), chunk);
  hash.update(chunk);
  up.received_bytes = after;
  up.sha256 = hash.copy().digest('hex');
  up.updated_at = now;
  emu.save();
  return {
    status: 200,
    body: {
      upload_id: up.upload_id,
      experiment_name: up.experiment_name,
      file_name: up.file_name,
      received_bytes: up.received_bytes,
      sha256: up.sha256,
    },
  };
};
