import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BatchPredictionWithProbabilities,
  clearLoadedModels,
  DhuoDataFrameError,
  DhuoModelFormatError,
  predictBatchWithDataframe,
} from '../../src/prediction/index.js';
import { fakeDownloader } from './support/fake-downloader.js';
import { IRIS_CENTERS, IRIS_CLASSES, IRIS_FEATURES, irisLike } from './support/iris-like.js';
import {
  buildArgMaxClassifier,
  buildDoubleRegressor,
  buildLinearClassifier,
  buildLinearRegressor,
  buildPerColumnRegressor,
  buildZipMapClassifier,
} from './support/onnx-model-builder.js';

const PARAMS = {
  modelname: 'iris',
  experiment_name: 'iris-exp',
  stage: 'Production' as const,
  type_model: 'onnx',
};
const { x } = irisLike(300);
const UPPER = IRIS_FEATURES.map((f) => f.toUpperCase());
/** Oracle-style frame: upper-case column names and an extra column the model does not use. */
const frame = { columns: ['ID', ...UPPER], values: x.map((row, i) => [i, ...row]) };

async function direct(bytes: Uint8Array, feeds: Record<string, ort.Tensor>, fetches?: string[]) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return fetches ? await session.run(feeds, fetches) : await session.run(feeds);
  } finally {
    await session.release();
  }
}

function matrixTensor(rows: number[][]): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, rows[0]!.length]);
}

afterAll(() => clearLoadedModels());

describe('ONNX runtime', () => {
  // Nearest-centroid as a linear model: score_k = c_k·x − |c_k|²/2.
  const coefficients = IRIS_CENTERS.map((c) => [...c]);
  const intercepts = IRIS_CENTERS.map((c) => -0.5 * c.reduce((s, v) => s + v * v, 0));

  it('predicts a LinearClassifier, labels and probabilities equal to session.run, features matched case-insensitively', async () => {
    const bytes = buildLinearClassifier(coefficients, intercepts, [...IRIS_CLASSES], {
      features: [...IRIS_FEATURES],
    });
    const { client, calls } = await fakeDownloader(bytes);
    const progress: number[] = [];
    const predictions = await predictBatchWithDataframe(client, PARAMS, frame, {
      chunkSize: 128,
      onProgress: (p) => progress.push(p.rows_done),
    });
    const expected = await direct(bytes, { float_input: matrixTensor(x) });
    expect(predictions).toEqual(Array.from(expected.label!.data as string[]));
    expect(new Set(predictions)).toEqual(new Set(IRIS_CLASSES));
    expect(progress).toEqual([128, 256, 300]);
    expect(calls[0]![0]).toEqual({
      modelname: 'iris',
      experiment_name: 'iris-exp',
      stage: 'Production',
      type_model: 'onnx',
    });

    const withProbabilities = (await predictBatchWithDataframe(client, PARAMS, frame, {
      probabilities: true,
    })) as BatchPredictionWithProbabilities;
    expect(withProbabilities.predictions).toEqual(predictions);
    expect(withProbabilities.classes).toEqual([...IRIS_CLASSES]);
    const probabilities = expected.probabilities!.data as Float32Array;
    expect(withProbabilities.probabilities).toHaveLength(300);
    expect(withProbabilities.probabilities.flat()).toEqual(Array.from(probabilities));
  });

  it('predicts a linear regressor equal to session.run, columns taken from metadata feature order', async () => {
    const bytes = buildLinearRegressor([0.5, -0.25, 1.5, 2], 0.125, { features: [...IRIS_FEATURES] });
    const { client } = await fakeDownloader(bytes);
    // Columns in another order than the model's features: the model's order wins.
    const shuffled = {
      columns: [UPPER[3]!, UPPER[1]!, UPPER[0]!, UPPER[2]!],
      values: x.map((r) => [r[3], r[1], r[0], r[2]]),
    };
    const predictions = await predictBatchWithDataframe(
      client,
      { ...PARAMS, stage: undefined, run_id: 'r1' },
      shuffled,
    );
    const expected = await direct(bytes, { float_input: matrixTensor(x) });
    expect(predictions).toEqual(Array.from(expected.variable!.data as Float32Array));
    expect(typeof predictions[0]).toBe('number');
  });

  it('uses the DataFrame columns in order, or options.features, when the model names no features', async () => {
    const bytes = buildLinearRegressor([1, 2, 3, 4], 0, { features: null });
    const { client } = await fakeDownloader(bytes);
    const plain = { columns: [...IRIS_FEATURES], values: x };
    const expected = Array.from(
      (await direct(bytes, { float_input: matrixTensor(x) })).variable!.data as Float32Array,
    );
    expect(await predictBatchWithDataframe(client, PARAMS, plain)).toEqual(expected);
    expect(await predictBatchWithDataframe(client, PARAMS, frame, { features: UPPER })).toEqual(expected);
    const error = await predictBatchWithDataframe(client, PARAMS, frame).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoDataFrameError);
    expect((error as DhuoDataFrameError).problem).toBe('feature-count');
    expect((error as Error).message).toMatch(/takes 4 features but 5 columns/);
  });

  it('maps ArgMax class indices to metadata class names', async () => {
    const weights = [
      [-1, 0.5, 0.6],
      [2, -1, -1],
      [-2.5, 0.3, 2.2],
      [-3, -0.5, 3.4],
    ];
    const bytes = buildArgMaxClassifier(weights, [8, 3, -11], {
      features: [...IRIS_FEATURES],
      classes: [...IRIS_CLASSES],
    });
    const { client } = await fakeDownloader(bytes);
    const result = (await predictBatchWithDataframe(client, PARAMS, frame, {
      probabilities: true,
    })) as BatchPredictionWithProbabilities;
    const expected = await direct(bytes, { float_input: matrixTensor(x) });
    const indices = Array.from(expected.label!.data as BigInt64Array, Number);
    expect(result.predictions).toEqual(indices.map((i) => IRIS_CLASSES[i]));
    expect(result.probabilities.flat()).toEqual(Array.from(expected.probabilities!.data as Float32Array));
  });

  it('feeds one input per column when the model has one [N, 1] input per feature', async () => {
    const bytes = buildPerColumnRegressor([...IRIS_FEATURES], [1, -1, 0.5, 2], 0.25);
    const { client } = await fakeDownloader(bytes);
    const predictions = await predictBatchWithDataframe(client, PARAMS, frame, { chunkSize: 7 });
    const feeds = Object.fromEntries(
      IRIS_FEATURES.map((f, j) => [
        f,
        new ort.Tensor('float32', Float32Array.from(x.map((r) => r[j]!)), [x.length, 1]),
      ]),
    );
    expect(predictions).toEqual(Array.from((await direct(bytes, feeds)).variable!.data as Float32Array));
  });

  it('refuses probabilities from a regressor', async () => {
    const { client } = await fakeDownloader(
      buildLinearRegressor([1, 1, 1, 1], 0, { features: [...IRIS_FEATURES] }),
    );
    await expect(predictBatchWithDataframe(client, PARAMS, frame, { probabilities: true })).rejects.toThrow(
      DhuoModelFormatError,
    );
  });

  it('reports a corrupt ONNX file as a format error', async () => {
    const bytes = buildLinearRegressor([1, 1, 1, 1], 0, { features: [...IRIS_FEATURES] });
    const { client } = await fakeDownloader(bytes.subarray(0, 60));
    const error = await predictBatchWithDataframe(client, PARAMS, frame).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoModelFormatError);
    expect((error as Error).message).toMatch(/onnxruntime-node cannot load the ONNX model/);
  });
});

describe('ONNX models as exporters write them', () => {
  it('reads labels from a ZipMap classifier and explains why probabilities cannot be had', async () => {
    // Integer labels, one of them negative and one beyond 32 bits.
    const classes = [-1, 7, 5_000_000_000];
    const centers = [
      [5.0, 3.4, 1.5, 0.25],
      [5.9, 2.8, 4.3, 1.3],
      [6.6, 3.0, 5.6, 2.0],
    ];
    const intercepts = centers.map((c) => -0.5 * c.reduce((s, v) => s + v * v, 0));
    const bytes = buildZipMapClassifier(centers, intercepts, classes);
    const { client } = await fakeDownloader(bytes);
    const plain = { columns: [...IRIS_FEATURES], values: x };
    const predictions = await predictBatchWithDataframe(client, PARAMS, plain);
    const expected = await direct(bytes, { float_input: matrixTensor(x) }, ['output_label']);
    expect(predictions).toEqual(Array.from(expected.output_label!.data as BigInt64Array, Number));
    expect(new Set(predictions)).toEqual(new Set(classes));
    const error = await predictBatchWithDataframe(client, PARAMS, plain, { probabilities: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DhuoModelFormatError);
    expect((error as Error).message).toMatch(/ZipMap.*options=\{'zipmap': False\}/);
  });

  it('feeds double inputs to a model exported with DoubleTensorType', async () => {
    const bytes = buildDoubleRegressor([0.5, 0.25, -1, 2], 0.1, [...IRIS_FEATURES]);
    const { client } = await fakeDownloader(bytes);
    const predictions = await predictBatchWithDataframe(client, PARAMS, frame);
    const input = new ort.Tensor('float64', Float64Array.from(x.flat()), [x.length, 4]);
    const expected = await direct(bytes, { double_input: input });
    expect(predictions).toEqual(Array.from(expected.variable!.data as Float64Array));
    // float64 end to end: exactly the double arithmetic, not float32-rounded.
    expect(predictions[0]).toBeCloseTo(
      0.5 * x[0]![0]! + 0.25 * x[0]![1]! - x[0]![2]! + 2 * x[0]![3]! + 0.1,
      12,
    );
  });
});
