/**
 * Batch prediction end to end against the stateful emulator (validated by Prism): real models —
 * ONNX classifier and regressor built here, an ml-random-forest classifier trained here on iris —
 * are uploaded with runExperiment, registered at Production, resolved by stage and by run id,
 * downloaded and predicted; predictions must equal the runtime's own direct output.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@dhuolib/mock-server';
import {
  DhuoBadRequestError,
  DhuoDataFrameError,
  DhuolibExperimentClient,
  DhuoModelFormatError,
  DhuoValidationError,
  saveMlRandomForestModel,
} from '@dhuolib/sdk';
import { DataFrame } from 'danfojs-node';
import { RandomForestClassifier } from 'ml-random-forest';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The ONNX test-model builder lives with the SDK's prediction unit tests (protobufjs, no Python needed).
import {
  buildLinearClassifier,
  buildLinearRegressor,
} from '../../../packages/sdk/test/prediction/support/onnx-model-builder.js';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const CLASSES = ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'];

interface Iris {
  x: number[][];
  y: number[];
}

async function loadIris(): Promise<Iris> {
  const text = await readFile(new URL('../data/iris.csv', import.meta.url), 'utf8');
  const [, ...lines] = text.trim().split(/\r?\n/);
  const x: number[][] = [];
  const y: number[] = [];
  for (const line of lines) {
    const cells = line.split(',');
    x.push(cells.slice(0, 4).map(Number));
    y.push(CLASSES.indexOf(cells[4]!));
  }
  return { x, y };
}

/** Per-class means as a nearest-centroid linear classifier: score_k = c_k·x − |c_k|²/2. */
function centroidClassifier(iris: Iris) {
  const centers = CLASSES.map((_, k) => {
    const rows = iris.x.filter((_, i) => iris.y[i] === k);
    return FEATURES.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  });
  return { centers, intercepts: centers.map((c) => -0.5 * c.reduce((s, v) => s + v * v, 0)) };
}

async function sessionRun(bytes: Uint8Array, x: number[][]) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const input = new ort.Tensor('float32', Float32Array.from(x.flat()), [x.length, x[0]!.length]);
    return await session.run({ [session.inputNames[0]!]: input });
  } finally {
    await session.release();
  }
}

describe('predictionBatchWithDataframe against the emulator', () => {
  let server: MockServer;
  let client: DhuolibExperimentClient;
  let dir: string;
  let iris: Iris;
  let requirements: string;
  /** The Oracle-style frame of the seed's IRIS_FEATURE table (upper-case columns), as a danfojs DataFrame. */
  let df: DataFrame;

  /** Uploads an artifact as a run of a new experiment and registers it at Production. */
  async function register(name: string, typeModel: string, file: string) {
    const experiment = await client.createExperiment({ experiment_name: name });
    const run = await client.runExperiment({
      type_model: typeModel,
      experiment_id: experiment.experiment_id,
      modelpkl_path: file,
      requirements_path: requirements,
    });
    await client.createModel({
      modelname: name,
      stage: 'Production',
      run_id: run.run_id,
      model_uri: run.model_uri,
    });
    return run.run_id;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dhuolib-batch-'));
    server = await startMockServer({
      mode: 'stateful',
      port: 0,
      dataDir: join(dir, 'emulator'),
      validate: true,
      token: 'batch-test-token',
      log: false,
    });
    client = new DhuolibExperimentClient({
      serviceEndpoint: server.url,
      token: server.token,
      cacheDir: join(dir, 'cache'),
    });
    iris = await loadIris();
    requirements = join(dir, 'requirements.txt');
    await writeFile(requirements, 'onnxruntime-node==1.30.0\nml-random-forest==2.1.0\n');
    df = new DataFrame(
      iris.x.map((r) => r),
      { columns: FEATURES.map((f) => f.toUpperCase()) },
    );
  });

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ONNX classifier: by stage and by run id, labels and probabilities equal session.run', async () => {
    const { centers, intercepts } = centroidClassifier(iris);
    const bytes = buildLinearClassifier(centers, intercepts, CLASSES, { features: FEATURES });
    const file = join(dir, 'iris-classifier.onnx');
    await writeFile(file, bytes);
    const runId = await register('iris-onnx-classifier', 'onnx', file);
    const expected = await sessionRun(bytes, iris.x);
    const labels = Array.from(expected.label!.data as string[]);

    const params = {
      modelname: 'iris-onnx-classifier',
      experiment_name: 'iris-onnx-classifier',
      type_model: 'onnx',
      batch_model_dir: 'iris.onnx',
    };
    const progress: number[] = [];
    const byStage = await client.predictionBatchWithDataframe(
      { ...params, stage: 'Production', run_id: '' },
      df,
      {
        chunkSize: 64,
        onProgress: (p) => progress.push(p.rows_done),
      },
    );
    expect(byStage).toEqual(labels);
    expect(progress).toEqual([64, 128, 150]);
    const accuracy = byStage.filter((p, i) => p === CLASSES[iris.y[i]!]).length / iris.y.length;
    expect(accuracy).toBeGreaterThan(0.9);

    const byRun = await client.predictionBatchWithDataframe({ ...params, run_id: runId }, df, {
      probabilities: true,
    });
    expect(byRun.predictions).toEqual(labels);
    expect(byRun.classes).toEqual(CLASSES);
    expect(byRun.probabilities.flat()).toEqual(Array.from(expected.probabilities!.data as Float32Array));
  });

  it('ONNX regressor: by stage and by run id, values equal session.run', async () => {
    const bytes = buildLinearRegressor([0.2, -0.1, 0.45, 0.3], -0.05, { features: FEATURES });
    const file = join(dir, 'petal-regressor.onnx');
    await writeFile(file, bytes);
    const runId = await register('iris-onnx-regressor', 'onnx', file);
    const expected = Array.from((await sessionRun(bytes, iris.x)).variable!.data as Float32Array);
    const params = {
      modelname: 'iris-onnx-regressor',
      experiment_name: 'iris-onnx-regressor',
      type_model: 'onnx',
    };
    expect(await client.predictionBatchWithDataframe({ ...params, stage: 'Production' }, df)).toEqual(
      expected,
    );
    expect(await client.predictionBatchWithDataframe({ ...params, run_id: runId }, df)).toEqual(expected);
  });

  it('ml-random-forest trained here on iris: by stage and by run id, labels equal the forest’s own predict()', async () => {
    const rf = new RandomForestClassifier({ nEstimators: 20, seed: 42, noOOB: true });
    rf.train(iris.x, iris.y);
    const file = join(dir, 'iris-rf.json');
    await saveMlRandomForestModel(file, rf, { features: FEATURES, labels: CLASSES });
    const runId = await register('iris-random-forest', 'ml-random-forest', file);
    const expected = rf.predict(iris.x).map((id) => CLASSES[id]);
    const params = {
      modelname: 'iris-random-forest',
      experiment_name: 'iris-random-forest',
      type_model: 'ml-random-forest',
    };
    expect(await client.predictionBatchWithDataframe({ ...params, stage: 'Production' }, df)).toEqual(
      expected,
    );
    const byRun = await client.predictionBatchWithDataframe({ ...params, run_id: runId }, df, {
      probabilities: true,
    });
    expect(byRun.predictions).toEqual(expected);
    expect(byRun.probabilities).toHaveLength(150);
    // The emulator's online prediction reads the same envelope.
    const csv = `${FEATURES.join(',')}\n${iris.x
      .slice(0, 5)
      .map((r) => r.join(','))
      .join('\n')}\n`;
    const online = (await client.predictOnline({
      modelname: 'iris-random-forest',
      stage: 'Production',
      data: csv,
    })) as {
      predictions?: unknown[];
    };
    expect(online.predictions).toEqual(expected.slice(0, 5));
  });

  it('refuses a pickle, with what to do, and a type_model that does not match the artifact', async () => {
    // pickle.dumps({}, protocol=4): what the Python edition uploaded.
    const pickle = join(dir, 'iris.pkl');
    await writeFile(pickle, Uint8Array.from([0x80, 0x04, 0x95, 0x04, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x2e]));
    await register('iris-lightgbm', 'lightgbm', pickle);
    const params = {
      modelname: 'iris-lightgbm',
      experiment_name: 'iris-lightgbm',
      stage: 'Production' as const,
    };
    const before = await client
      .predictionBatchWithDataframe({ ...params, type_model: 'lightgbm' }, df)
      .catch((e: unknown) => e);
    expect(before).toBeInstanceOf(DhuoModelFormatError);
    expect((before as Error).message).toMatch(/Python model \(pickle\).*export the model to ONNX/);
    // Without a type_model the served one (lightgbm) has no runtime: the bytes are sniffed.
    const sniffed = await client.predictionBatchWithDataframe(params, df).catch((e: unknown) => e);
    expect(sniffed).toMatchObject({ name: 'DhuoModelFormatError', detected: 'pickle' });
    expect((sniffed as Error).message).toMatch(
      /is a Python pickle, which cannot run in Node: export the model to ONNX/,
    );

    // ONNX bytes registered as ml-random-forest.
    const onnxFile = join(dir, 'mislabelled.onnx');
    await writeFile(onnxFile, buildLinearRegressor([1, 1, 1, 1], 0, { features: FEATURES }));
    await register('mislabelled', 'ml-random-forest', onnxFile);
    await expect(
      client.predictionBatchWithDataframe(
        {
          modelname: 'mislabelled',
          experiment_name: 'mislabelled',
          stage: 'Production',
          type_model: 'ml-random-forest',
        },
        df,
      ),
    ).rejects.toThrow(/does not match the model artifact, which is a 'onnx' model: pass type_model 'onnx'/);
    // The service itself refuses a type_model other than the run's.
    await expect(
      client.predictionBatchWithDataframe(
        { modelname: 'mislabelled', experiment_name: 'mislabelled', stage: 'Production', type_model: 'onnx' },
        df,
      ),
    ).rejects.toThrow(DhuoBadRequestError);
  });

  it('refuses bad batch_params before any request, and bad DataFrames before predicting', async () => {
    const params = {
      modelname: 'iris-onnx-regressor',
      experiment_name: 'iris-onnx-regressor',
      type_model: 'onnx',
    };
    await expect(client.predictionBatchWithDataframe({ ...params, run_id: '' }, df)).rejects.toThrow(
      DhuoValidationError,
    );
    const noPetal = df.drop({ columns: ['PETAL_WIDTH'] });
    const missing = await client
      .predictionBatchWithDataframe({ ...params, stage: 'Production' }, noPetal)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DhuoDataFrameError);
    expect(missing).toMatchObject({ problem: 'missing-column', column: 'petal_width' });

    const values = iris.x.map((r) => [...r] as unknown[]);
    values[3]![1] = 'n/a';
    const text = await client
      .predictionBatchWithDataframe({ ...params, stage: 'Production' }, { columns: FEATURES, values })
      .catch((e: unknown) => e);
    expect(text).toMatchObject({ problem: 'not-numeric', column: 'sepal_width', row: 3 });
    values[3]![1] = Number.NaN;
    const nan = await client
      .predictionBatchWithDataframe({ ...params, stage: 'Production' }, { columns: FEATURES, values })
      .catch((e: unknown) => e);
    expect(nan).toMatchObject({ problem: 'missing-value', column: 'sepal_width', row: 3 });
  });
});
