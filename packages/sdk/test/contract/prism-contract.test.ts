import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Auth,
  DhuoApiError,
  DhuoAuthenticationError,
  DhuoBadRequestError,
  DhuoConflictError,
  DhuoInternalServerError,
  DhuolibExperimentClient,
  DhuolibPlatformClient,
  DhuoNotFoundError,
  DhuoPayloadTooLargeError,
  DhuoRateLimitError,
} from '../../src/index.js';
import { type PrismMock, startPrism } from '../support/prism.js';
import { operationFor, specOperations } from '../support/spec-operations.js';

const operations = specOperations();
const called = new Set<string>();
let prism: PrismMock;
let dir: string;
let experiments: DhuolibExperimentClient;
let platform: DhuolibPlatformClient;

// Records which spec operation each request hit, then sends it.
const recordingFetch = (request: Request) => {
  const operation = operationFor(operations, request.method, request.url);
  if (operation) called.add(operation.operationId);
  return fetch(request);
};

beforeAll(async () => {
  prism = await startPrism();
  dir = await mkdtemp(join(tmpdir(), 'dhuo-contract-'));
  // Prism's examples describe a 4-byte upload of "test"; the files match them so the checksums agree.
  await writeFile(join(dir, 'iris.onnx'), 'test');
  await writeFile(join(dir, 'requirements.txt'), 'test');
  await writeFile(join(dir, 'script.py'), "print('predicting')\n");
  const common = { serviceEndpoint: prism.url, fetch: recordingFetch, maxRetries: 0 };
  experiments = new DhuolibExperimentClient({
    ...common,
    token: 'contract-key',
    cacheDir: join(dir, 'cache'),
  });
  platform = new DhuolibPlatformClient({
    ...common,
    token: 'Bearer contract-token',
    projectName: 'iris-batch',
  });
});

afterAll(async () => {
  await prism?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('every spec operation through the ergonomic clients (Prism mock)', () => {
  it('reads the operations of the spec', () => {
    expect(operations.length).toBeGreaterThanOrEqual(17);
  });

  it('health and token check', async () => {
    expect(await experiments.health()).toMatchObject({ status: 'ok' });
    const auth = new Auth({ serviceEndpoint: prism.url, fetch: recordingFetch });
    expect(await auth.login('contract-key')).toMatchObject({ valid: true });
    expect(auth.isLogged()).toBe(true);
    expect(await auth.verifyToken()).toMatchObject({ valid: true });
    auth.logout();
    expect(auth.isLogged()).toBe(false);
  });

  it('experiments', async () => {
    const experiment = await experiments.createExperiment({
      experiment_name: 'iris-classification',
      experiment_tags: { tag: 'iris' },
    });
    expect(experiment.experiment_id).toBe('1');
    expect(await experiments.getExperiment('1')).toMatchObject({ experiment_name: 'iris-classification' });
    const page = await experiments.searchExperiments({
      filter_string: "name = 'iris-classification'",
      max_results: 10,
    });
    expect(page.experiments).toHaveLength(1);
    const all = [];
    for await (const item of experiments.searchExperiments({ view_type: 'ALL' })) all.push(item);
    expect(all.map((e) => e.experiment_name)).toEqual(['iris-classification']);
  });

  it('runs: the 0.5.x multipart form and the chunked form', async () => {
    const progress: number[] = [];
    const run = await experiments.runExperiment(
      {
        type_model: 'onnx',
        experiment_id: '1',
        modelpkl_path: join(dir, 'iris.onnx'),
        requirements_path: join(dir, 'requirements.txt'),
      },
      { onProgress: (p) => progress.push(p.loaded) },
    );
    expect(run).toMatchObject({ run_id: '0c5e2f3a9b7d4e61', model_uri: 'runs:/0c5e2f3a9b7d4e61/model' });
    expect(progress).toContain(4);

    const chunked = await experiments.executeRunForExperiment({
      type_model: 'onnx',
      experiment_name: 'iris-classification',
      tags: { framework: 'onnx' },
      modelpkl_path: join(dir, 'iris.onnx'),
      requirements_path: join(dir, 'requirements.txt'),
    });
    expect(chunked.run_id).toBe('0c5e2f3a9b7d4e61');
    expect((await experiments.searchRuns({ experiment_name: 'iris-classification' })).runs).toHaveLength(1);
    expect(await experiments.getRun('iris-classification', '0c5e2f3a9b7d4e61')).toMatchObject({
      status: 'FINISHED',
    });
  });

  it('models: register, transition (POST and legacy GET), search, read', async () => {
    const version = await experiments.createModel({
      modelname: 'iris-classification',
      modeltag: 'onnx',
      stage: 'Production',
      run_id: '0c5e2f3a9b7d4e61',
      model_uri: 'runs:/0c5e2f3a9b7d4e61/model',
    });
    expect(version.current_stage).toBe('Production');
    const moved = await experiments.transitionModel({
      model_name: 'iris-classification',
      version: 1,
      stage: 'Production',
    });
    expect(moved.model_version.current_stage).toBe('Production');
    const legacy = await experiments.transitionModel(
      { model_name: 'iris-classification', version: '1', stage: 'Staging' },
      { method: 'GET' },
    );
    expect(legacy.message).toMatch(/moved/);
    expect((await experiments.searchModels({ max_results: 5 })).models[0]?.model_name).toBe(
      'iris-classification',
    );
    expect((await experiments.getModel('iris-classification')).latest_versions).toHaveLength(1);
  });

  it('downloads (current and legacy path) stream to disk with a verified checksum', async () => {
    const model = await experiments.downloadModel({
      experiment_name: 'iris-classification',
      modelname: 'iris-classification',
      stage: 'Production',
      batch_model_dir: 'iris.onnx',
    });
    expect(model).toMatchObject({ model_version: '1', cached: false });
    expect(model.sha256).toBe('9cb7487000bc86ac36ce83c4acfabe8878552be99572a6770f65ab1d048a5c48');
    const legacy = await experiments.downloadModel(
      {
        experiment_name: 'iris-classification',
        modelname: 'iris-classification',
        run_id: '0c5e2f3a9b7d4e61',
      },
      { legacyDownloadPath: true },
    );
    expect(legacy).toMatchObject({ run_id: '0c5e2f3a9b7d4e61', cached: false });
  });

  it('online prediction', async () => {
    const result = await experiments.predictOnline({
      modelname: 'iris-classification',
      stage: 'Production',
      data: 'SEPAL_LENGTH,SEPAL_WIDTH,PETAL_LENGTH,PETAL_WIDTH\n5.1,3.5,1.4,0.2\n',
    });
    expect(result.predictions).toEqual(['Iris-setosa']);
  });

  it('platform: project, deploy, status, cluster, run, schedule', async () => {
    expect(await platform.createBatchProject('iris-batch')).toMatchObject({ project_name: 'iris-batch' });
    expect(await platform.getProject()).toMatchObject({ deploy_count: 0 });
    const deploy = await platform.deployBatchProject({
      script_filename: join(dir, 'script.py'),
      requirements_filename: join(dir, 'requirements.txt'),
    });
    expect(deploy.status).toBe('DEPLOYED');
    const status = await platform.pipelineStatusReport();
    expect(status[0]).toMatchObject({ step: 'DEPLOY', status: 'SUCCEEDED' });
    expect(await platform.createCluster('SMALL')).toMatchObject({ cluster_size: 1 });
    const run = await platform.batchRun();
    expect(run.status).toBe('PENDING');
    expect(await platform.getBatchRun(run.batch_run_id)).toMatchObject({ batch_run_id: 1 });
    const schedule = await platform.scheduleBatchRun({ schedule_interval: '*/5 * * * *' });
    expect(schedule.next_runs).toHaveLength(3);
    expect(schedule.expected_next_runs).toHaveLength(5);
    expect(await platform.removeSchedule()).toMatchObject({ message: expect.stringMatching(/removed/) });
  });

  it('called every operationId of the spec', () => {
    const missing = operations.map((op) => op.operationId).filter((id) => !called.has(id));
    expect(missing).toEqual([]);
  });
});

describe('error paths (Prefer: code=...) map to error classes', () => {
  const prefer = (code: number) => ({ headers: { Prefer: `code=${code}` }, maxRetries: 0 });

  it.each([
    [400, DhuoBadRequestError, () => experiments.createExperiment({ experiment_name: 'x' }, prefer(400))],
    [401, DhuoAuthenticationError, () => experiments.searchModels({}, prefer(401))],
    [404, DhuoNotFoundError, () => experiments.getModel('nope', prefer(404))],
    [409, DhuoConflictError, () => platform.createBatchProject('iris-batch', prefer(409))],
    [
      413,
      DhuoPayloadTooLargeError,
      () => experiments.predictOnline({ modelname: 'm', data: 'a\n1\n' }, prefer(413)),
    ],
    [429, DhuoRateLimitError, () => experiments.health(prefer(429))],
    [500, DhuoInternalServerError, () => platform.pipelineStatusReport({}, prefer(500))],
  ] as const)('%i → %o', async (status, Class, call) => {
    const error = await (call as () => Promise<unknown>)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(DhuoApiError);
    expect((error as DhuoApiError).status).toBe(status);
    expect((error as DhuoApiError).requestId).toBe('req_5b1f0c2e');
    expect((error as DhuoApiError).body).toMatchObject({ status });
  });

  it('a download error (stream requested) still maps to its class', async () => {
    const error = await experiments
      .downloadModel({ experiment_name: 'e', modelname: 'm', stage: 'Production' }, prefer(404))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoNotFoundError);
  });

  it('a request without a token is a 401 DhuoAuthenticationError naming the fix', async () => {
    const anonymous = new DhuolibExperimentClient({ serviceEndpoint: prism.url, maxRetries: 0 });
    const error = await anonymous.searchModels().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoAuthenticationError);
    expect((error as Error).message).toMatch(/X-Dhuo-Access-Key/);
  });
});
