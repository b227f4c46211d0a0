import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DhuoAbortError,
  DhuoChecksumError,
  DhuolibExperimentClient,
  DhuoNotFoundError,
} from '../../src/index.js';
import { type LocalServer, startLocalServer } from '../support/local-server.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the fake registry serves for the Production stage, and what it saw. */
const registry = {
  version: '1',
  bytes: Buffer.from('model v1'),
  badChecksum: false,
  slow: false,
  requests: [] as URL[],
};

let server: LocalServer;
let dir: string;

beforeAll(async () => {
  server = await startLocalServer((request) => {
    const url = new URL(request.url);
    registry.requests.push(url);
    const match = /^\/api\/experiment\/download\/batch\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!match || match[2] === 'missing') {
      return new Response(JSON.stringify({ code: 'not_found', message: 'No model missing', status: 404 }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      });
    }
    const runId = url.searchParams.get('run_id');
    const bytes = runId ? Buffer.from(`model of ${runId}`) : registry.bytes;
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.byteLength),
      'x-dhuo-checksum-sha256': registry.badChecksum ? sha(Buffer.from('other')) : sha(bytes),
      'x-dhuo-run-id': runId ?? `run-of-v${registry.version}`,
      'x-dhuo-type-model': 'onnx',
    };
    if (!runId) headers['x-dhuo-model-version'] = registry.version;
    if (registry.slow) {
      // Half the body, then a stall: lets a test abort mid-stream.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.subarray(0, 4));
        },
      });
      return new Response(stream, { headers });
    }
    return new Response(bytes, { headers });
  });
});
afterAll(() => server.close());

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dhuo-download-'));
  Object.assign(registry, {
    version: '1',
    bytes: Buffer.from('model v1'),
    badChecksum: false,
    slow: false,
    requests: [],
  });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const client = () =>
  new DhuolibExperimentClient({ serviceEndpoint: server.url, token: 'k-dl', cacheDir: dir });
const byStage = {
  experiment_name: 'iris',
  modelname: 'iris-model',
  stage: 'Production' as const,
  batch_model_dir: 'iris.onnx',
};

describe('downloadModel', () => {
  it('streams the artifact to the cache, verifies the checksum and reports the version', async () => {
    const progress: number[] = [];
    const model = await client().downloadModel(byStage, { onProgress: (p) => progress.push(p.loaded) });
    expect(model).toEqual({
      path: join(dir, 'iris', 'iris-model', 'v1', 'iris.onnx'),
      sha256: sha(Buffer.from('model v1')),
      model_version: '1',
      run_id: 'run-of-v1',
      type_model: 'onnx',
      cached: false,
    });
    expect(await readFile(model.path, 'utf8')).toBe('model v1');
    expect(progress.at(-1)).toBe(8);
    expect(registry.requests[0]?.searchParams.get('model_stage')).toBe('Production');
  });

  it('serves the same stage version from the cache, but fetches a new Production version', async () => {
    await client().downloadModel(byStage);
    const again = await client().downloadModel(byStage);
    expect(again).toMatchObject({ cached: true, model_version: '1' });
    // The stage was still asked for its current version.
    expect(registry.requests).toHaveLength(2);

    registry.version = '2';
    registry.bytes = Buffer.from('model v2, better');
    const promoted = await client().downloadModel(byStage);
    expect(promoted).toMatchObject({ cached: false, model_version: '2' });
    expect(await readFile(promoted.path, 'utf8')).toBe('model v2, better');
    expect(promoted.path).toContain(join('iris-model', 'v2'));
  });

  it('serves a run id from the cache without any request', async () => {
    const first = await client().downloadModel({ experiment_name: 'iris', modelname: 'm', run_id: 'abc' });
    expect(first).toMatchObject({ cached: false, run_id: 'abc' });
    const second = await client().downloadModel({ experiment_name: 'iris', modelname: 'm', run_id: 'abc' });
    expect(second).toMatchObject({ cached: true, run_id: 'abc', path: first.path, sha256: first.sha256 });
    expect(registry.requests).toHaveLength(1);
    const forced = await client().downloadModel(
      { experiment_name: 'iris', modelname: 'm', run_id: 'abc' },
      { force: true },
    );
    expect(forced.cached).toBe(false);
    expect(registry.requests).toHaveLength(2);
  });

  it('treats the seed\'s run_id: "" beside a stage as a stage download', async () => {
    const model = await client().downloadModel({ ...byStage, run_id: '' });
    expect(model.model_version).toBe('1');
    expect(registry.requests[0]?.searchParams.has('run_id')).toBe(false);
  });

  it('rejects bytes that do not match the checksum and leaves nothing in the cache', async () => {
    registry.badChecksum = true;
    const error = await client()
      .downloadModel(byStage)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoChecksumError);
    expect((error as DhuoChecksumError).actual).toBe(sha(Buffer.from('model v1')));
    expect(await readdir(join(dir, 'iris', 'iris-model', 'v1'))).toEqual([]);
  });

  it('an abort mid-stream stops the download with DhuoAbortError and removes the partial file', async () => {
    registry.slow = true;
    const controller = new AbortController();
    const pending = client().downloadModel(byStage, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(pending).rejects.toBeInstanceOf(DhuoAbortError);
    expect(await readdir(join(dir, 'iris', 'iris-model', 'v1'))).toEqual([]);
  });

  it('a missing model is a DhuoNotFoundError', async () => {
    await expect(client().downloadModel({ ...byStage, modelname: 'missing' })).rejects.toBeInstanceOf(
      DhuoNotFoundError,
    );
  });
});
