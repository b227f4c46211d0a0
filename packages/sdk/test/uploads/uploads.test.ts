import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DhuoChecksumError,
  DhuolibExperimentClient,
  type DhuolibExperimentClientOptions,
  type UploadProgress,
} from '../../src/index.js';
import { type LocalServer, startLocalServer } from '../support/local-server.js';
import { uploadService } from '../support/upload-service.js';

let dir: string;
let modelPath: string;
let requirementsPath: string;
let model: Buffer;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dhuo-upload-'));
  model = Buffer.alloc(2500);
  for (let i = 0; i < model.length; i++) model[i] = (i * 31) % 251;
  modelPath = join(dir, 'iris.onnx');
  requirementsPath = join(dir, 'requirements.txt');
  await writeFile(modelPath, model);
  await writeFile(requirementsPath, 'onnxruntime-node\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function withService<T>(
  options: Parameters<typeof uploadService>[0],
  body: (client: DhuolibExperimentClient, service: ReturnType<typeof uploadService>) => Promise<T>,
  clientOptions: Omit<DhuolibExperimentClientOptions, 'serviceEndpoint' | 'token'> = {},
): Promise<T> {
  const service = uploadService(options);
  const server: LocalServer = await startLocalServer(service.handle);
  try {
    return await body(
      new DhuolibExperimentClient({ ...clientOptions, serviceEndpoint: server.url, token: 'k-upload' }),
      service,
    );
  } finally {
    await server.close();
  }
}

describe('executeRunForExperiment: chunked uploads', () => {
  it('sends each file in chunks with upload id, offsets, sizes and checksums, then pins the uploads', async () => {
    await withService({}, async (client, service) => {
      const progress: UploadProgress[] = [];
      const run = await client.executeRunForExperiment(
        {
          type_model: 'onnx',
          experiment_name: 'iris',
          tags: { framework: 'onnx' },
          modelpkl_path: modelPath,
          requirements_path: requirementsPath,
        },
        { chunkSize: 1000, onProgress: (p) => progress.push(p) },
      );
      expect(run.run_id).toBe('run-1');

      const modelChunks = service.chunks.filter((c) => c.file_name === 'modelpkl_path');
      expect(modelChunks.map((c) => [c.offset, c.size])).toEqual([
        [0, 1000],
        [1000, 1000],
        [2000, 500],
      ]);
      expect(modelChunks[0]?.upload_id).toBeNull();
      const id = modelChunks[1]?.upload_id;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(modelChunks[2]?.upload_id).toBe(id);
      expect(modelChunks.every((c) => c.total_size === 2500 && c.experiment_name === 'iris')).toBe(true);
      expect(modelChunks[1]?.chunk_sha256).toBe(sha(model.subarray(1000, 2000)));

      expect(progress.filter((p) => p.field === 'modelpkl_path').map((p) => p.loaded)).toEqual([
        1000, 2000, 2500,
      ]);
      expect(progress.at(-1)).toMatchObject({
        field: 'requirements_path',
        loaded: 17,
        total: 17,
        path: requirementsPath,
      });

      expect(service.runs).toEqual([
        {
          type_model: 'onnx',
          experiment_name: 'iris',
          tags: { framework: 'onnx' },
          uploads: {
            modelpkl_path: { upload_id: id, sha256: sha(model), size: 2500 },
            requirements_path: {
              upload_id: expect.any(String),
              sha256: sha(Buffer.from('onnxruntime-node\n')),
              size: 17,
            },
          },
        },
      ]);
    });
  });

  it('a file smaller than one chunk goes in one chunk; an empty file in one empty chunk', async () => {
    const empty = join(dir, 'empty.bin');
    await writeFile(empty, '');
    await withService({}, async (client, service) => {
      await client.executeRunForExperiment({
        type_model: 'onnx',
        experiment_name: 'e',
        modelpkl_path: empty,
      });
      expect(service.chunks.map((c) => [c.offset, c.size])).toEqual([[0, 0]]);
      expect(service.runs[0]).toMatchObject({
        uploads: { modelpkl_path: { size: 0, sha256: sha(new Uint8Array()) } },
      });
    });
  });

  it("a service whose running checksum disagrees with the file's is a DhuoChecksumError", async () => {
    await withService({ lieAboutSha: true }, async (client, service) => {
      const error = await client
        .executeRunForExperiment({ type_model: 'onnx', experiment_name: 'e', modelpkl_path: modelPath })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DhuoChecksumError);
      expect(service.runs).toHaveLength(0);
    });
  });
});

describe('chunk resends', () => {
  const upload = (client: DhuolibExperimentClient) =>
    client.executeRunForExperiment(
      { type_model: 'onnx', experiment_name: 'iris', modelpkl_path: modelPath },
      { chunkSize: 1000 },
    );

  it('a chunk that failed before it was stored is sent again at the same offset', async () => {
    await withService({ fail: new Map([[1, 'before-store']]) }, async (client, service) => {
      await upload(client);
      expect(service.chunks.map((c) => c.offset)).toEqual([0, 1000, 1000, 2000]);
      expect(service.runs[0]).toMatchObject({
        uploads: { modelpkl_path: { sha256: sha(model), size: 2500 } },
      });
    });
  });

  it('a chunk stored before the failure: the resend is refused (409) and the upload goes on', async () => {
    await withService({ fail: new Map([[1, 'after-store']]) }, async (client, service) => {
      await upload(client);
      expect(service.chunks.map((c) => c.offset)).toEqual([0, 1000, 1000, 2000]);
      expect(service.runs[0]).toMatchObject({
        uploads: { modelpkl_path: { sha256: sha(model), size: 2500 } },
      });
    });
  });

  it("waits the client's backoff (initialRetryDelay, maxRetryDelay) between resends", async () => {
    const delays: number[] = [];
    const fail = new Map<number, 'before-store'>([
      [1, 'before-store'],
      [2, 'before-store'],
    ]);
    await withService(
      { fail },
      async (client, service) => {
        await upload(client);
        expect(service.chunks.map((c) => c.offset)).toEqual([0, 1000, 1000, 1000, 2000]);
      },
      { initialRetryDelay: 40, maxRetryDelay: 60, sleep: async (ms) => void delays.push(ms) },
    );
    // Doubling from 40 ms, capped at 60 ms, minus up to 25 % jitter.
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(30);
    expect(delays[0]).toBeLessThanOrEqual(40);
    expect(delays[1]).toBeGreaterThanOrEqual(45);
    expect(delays[1]).toBeLessThanOrEqual(60);
  });

  it('gives up after maxRetries resends with the last error', async () => {
    const fail = new Map<number, 'before-store'>([
      [1, 'before-store'],
      [2, 'before-store'],
      [3, 'before-store'],
    ]);
    await withService({ fail }, async (client, service) => {
      const error = await client
        .executeRunForExperiment(
          { type_model: 'onnx', experiment_name: 'iris', modelpkl_path: modelPath },
          { chunkSize: 1000, maxRetries: 2 },
        )
        .catch((e: unknown) => e);
      expect((error as { status?: number }).status).toBe(503);
      expect(service.chunks).toHaveLength(4);
      expect(service.runs).toHaveLength(0);
    });
  });
});

describe('runExperiment: the 0.5.x multipart form', () => {
  it('streams both files with the fields, and reports progress', async () => {
    await withService({}, async (client, service) => {
      const progress: UploadProgress[] = [];
      const run = await client.runExperiment(
        {
          type_model: 'lightgbm',
          experiment_id: 7,
          modelpkl_path: modelPath,
          requirements_path: requirementsPath,
        },
        { onProgress: (p) => progress.push(p) },
      );
      expect(run.model_uri).toBe('runs:/run-1/model');
      expect(service.multipart).toEqual([
        {
          type_model: 'lightgbm',
          experiment_id: '7',
          modelpkl_path: { name: 'iris.onnx', size: 2500, sha256: sha(model) },
          requirements_path: {
            name: 'requirements.txt',
            size: 17,
            sha256: sha(Buffer.from('onnxruntime-node\n')),
          },
        },
      ]);
      expect(progress.find((p) => p.field === 'modelpkl_path' && p.loaded === 2500)).toBeDefined();
    });
  });
});
