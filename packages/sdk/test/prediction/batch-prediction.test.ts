import { afterEach, describe, expect, it, vi } from 'vitest';
import { DhuoAbortError, DhuoValidationError } from '../../src/core/errors.js';
import {
  type BatchPredictionWithProbabilities,
  clearLoadedModels,
  DhuoModelFormatError,
  getModelRuntime,
  type LoadedModel,
  listModelRuntimes,
  type ModelRuntime,
  predictBatchWithDataframe,
  registerModelRuntime,
  unregisterModelRuntime,
} from '../../src/prediction/index.js';
import { fakeDownloader } from './support/fake-downloader.js';
import { buildLinearRegressor } from './support/onnx-model-builder.js';

const BASE = { modelname: 'm', experiment_name: 'e', stage: 'Production' as const };
const FRAME = { columns: ['a', 'b'], values: [[1, 2]] };
const ONNX = buildLinearRegressor([1, 1], 0, { features: ['a', 'b'] });
const PICKLE = Uint8Array.from([0x80, 0x04, 0x95, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x2e]);

afterEach(() => clearLoadedModels());

/** A runtime that sums the features of each row; its artifacts start with `SUM1`. */
function sumRuntime(load = vi.fn()): ModelRuntime {
  return {
    name: 'sum-model',
    aliases: ['summer'],
    detect: (head) => new TextDecoder().decode(head.subarray(0, 4)) === 'SUM1',
    async load(path) {
      load(path);
      const model: LoadedModel = {
        runtime: 'sum-model',
        kind: 'regressor',
        inputs: ['a', 'b'],
        async predict(batch) {
          const out: number[] = [];
          for (let r = 0; r < batch.rows; r++) out.push(batch.values[2 * r]! + batch.values[2 * r + 1]!);
          return { predictions: out };
        },
      };
      return model;
    },
  };
}

describe('batch_params', () => {
  it('needs stage or a non-empty run_id, checked before any download', async () => {
    const { client, calls } = await fakeDownloader(ONNX);
    const error = await predictBatchWithDataframe(
      client,
      { ...BASE, stage: undefined, run_id: '' },
      FRAME,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoValidationError);
    expect((error as DhuoValidationError).param).toBe('batch_params.stage');
    await expect(predictBatchWithDataframe(client, { ...BASE, modelname: '' }, FRAME)).rejects.toMatchObject({
      param: 'batch_params.modelname',
    });
    await expect(predictBatchWithDataframe(client, BASE, FRAME, { chunkSize: 0 })).rejects.toMatchObject({
      param: 'options.chunkSize',
    });
    expect(calls).toHaveLength(0);
  });

  it('passes run_id (over stage), type_model and batch_model_dir to downloadModel; drops an empty run_id', async () => {
    const { client, calls } = await fakeDownloader(ONNX);
    await predictBatchWithDataframe(
      client,
      { ...BASE, run_id: 'abc', type_model: 'ONNX', batch_model_dir: 'model.onnx' },
      FRAME,
      { force: true },
    );
    await predictBatchWithDataframe(client, { ...BASE, run_id: '' }, FRAME);
    // A run names one artifact: it wins over the stage.
    expect(calls[0]![0]).toEqual({
      modelname: 'm',
      experiment_name: 'e',
      run_id: 'abc',
      type_model: 'ONNX',
      batch_model_dir: 'model.onnx',
    });
    expect(calls[0]![1]).toEqual({ force: true });
    expect(calls[1]![0]).toEqual(BASE);
  });
});

describe('model formats', () => {
  it('refuses a Python type_model before downloading, saying to export to ONNX', async () => {
    const { client, calls } = await fakeDownloader(PICKLE);
    const error = await predictBatchWithDataframe(client, { ...BASE, type_model: 'lightgbm' }, FRAME).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DhuoModelFormatError);
    expect((error as Error).message).toMatch(/type_model 'lightgbm' is a Python model \(pickle\)/);
    expect((error as Error).message).toMatch(/export the model to ONNX.*skl2onnx.*type_model 'onnx'/);
    expect(calls).toHaveLength(0);
  });

  it('refuses a pickle artifact whatever type_model says', async () => {
    const { client } = await fakeDownloader(PICKLE);
    for (const typeModel of ['onnx', undefined]) {
      const error = await predictBatchWithDataframe(client, { ...BASE, type_model: typeModel }, FRAME).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DhuoModelFormatError);
      expect(error).toMatchObject({ detected: 'pickle' });
      expect((error as Error).message).toMatch(
        /is a Python pickle, which cannot run in Node: export the model to ONNX/,
      );
    }
  });

  it('refuses a type_model that does not match the artifact, naming the right one', async () => {
    const { client } = await fakeDownloader(ONNX);
    const error = await predictBatchWithDataframe(
      client,
      { ...BASE, type_model: 'ml-random-forest' },
      FRAME,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoModelFormatError);
    expect((error as Error).message).toMatch(
      /does not match the model artifact, which is a 'onnx' model: pass type_model 'onnx'/,
    );
  });

  it('names the runtime an ml-random-forest artifact needs when type_model says onnx', async () => {
    const envelope = JSON.stringify({ format: 'dhuolib.ml-random-forest', version: 1, kind: 'regressor' });
    const { client } = await fakeDownloader(envelope);
    await expect(predictBatchWithDataframe(client, { ...BASE, type_model: 'onnx' }, FRAME)).rejects.toThrow(
      "type_model 'onnx' does not match the model artifact, which is a 'ml-random-forest' model: pass type_model 'ml-random-forest'",
    );
    const unknown = await fakeDownloader('{"learner": {}}');
    await expect(
      predictBatchWithDataframe(unknown.client, { ...BASE, type_model: 'onnx' }, FRAME),
    ).rejects.toThrow(
      /which is a JSON document of no registered runtime: register a model of that format \(export the model to ONNX/,
    );
  });

  it('refuses unknown formats and unknown type_model values', async () => {
    const { client } = await fakeDownloader('tree\nversion=v4\n');
    await expect(predictBatchWithDataframe(client, BASE, FRAME)).rejects.toThrow(
      /is a LightGBM text model, which no model runtime can load: export the model to ONNX/,
    );
    await expect(predictBatchWithDataframe(client, { ...BASE, type_model: 'weka' }, FRAME)).rejects.toThrow(
      /type_model 'weka' has no model runtime; use one of 'onnx', 'ml-random-forest'/,
    );
  });

  it('detects the runtime from the artifact when type_model is absent', async () => {
    const { client } = await fakeDownloader(ONNX);
    expect(await predictBatchWithDataframe(client, BASE, FRAME)).toEqual([3]);
  });
});

describe('registerModelRuntime', () => {
  it('adds a runtime chosen by type_model or alias, checked by detect, loaded once per artifact', async () => {
    const load = vi.fn();
    registerModelRuntime(sumRuntime(load));
    try {
      expect(listModelRuntimes()).toContain('sum-model');
      expect(getModelRuntime('SUMMER')?.name).toBe('sum-model');
      const { client } = await fakeDownloader('SUM1 weights');
      const frame = {
        columns: ['B', 'A'],
        values: [
          [10, 1],
          [20, 2],
          [30, 3],
        ],
      };
      expect(await predictBatchWithDataframe(client, { ...BASE, type_model: 'summer' }, frame)).toEqual([
        11, 22, 33,
      ]);
      expect(await predictBatchWithDataframe(client, BASE, frame)).toEqual([11, 22, 33]);
      expect(load).toHaveBeenCalledTimes(1);
      // ONNX bytes under this type_model are refused.
      const onnx = await fakeDownloader(ONNX);
      await expect(
        predictBatchWithDataframe(onnx.client, { ...BASE, type_model: 'sum-model' }, FRAME),
      ).rejects.toThrow(/pass type_model 'onnx'/);
    } finally {
      unregisterModelRuntime('sum-model');
    }
    expect(getModelRuntime('summer')).toBeUndefined();
  });

  it('validates the runtime it is given', () => {
    expect(() => registerModelRuntime({ name: ' ', load: async () => ({}) as LoadedModel })).toThrow(
      DhuoValidationError,
    );
    expect(() => registerModelRuntime({ name: 'x' } as unknown as ModelRuntime)).toThrow(/runtime.load/);
  });
});

describe('chunks, progress and abort', () => {
  it('predicts in row order across chunks and reports progress after each chunk', async () => {
    const { client } = await fakeDownloader(ONNX);
    const n = 1003;
    const frame = { columns: ['a', 'b'], values: Array.from({ length: n }, (_, i) => [i, 0.5]) };
    const progress: [number, number][] = [];
    const predictions = await predictBatchWithDataframe(client, BASE, frame, {
      chunkSize: 100,
      onProgress: (p) => progress.push([p.rows_done, p.rows_total]),
    });
    expect(predictions).toEqual(Array.from({ length: n }, (_, i) => i + 0.5));
    expect(progress).toHaveLength(11);
    expect(progress.at(-1)).toEqual([n, n]);
    expect(progress[0]).toEqual([100, n]);
  });

  it('returns an empty result for an empty frame', async () => {
    const { client } = await fakeDownloader(ONNX);
    const onProgress = vi.fn();
    expect(
      await predictBatchWithDataframe(client, BASE, { columns: ['a', 'b'], values: [] }, { onProgress }),
    ).toEqual([]);
    expect(onProgress).toHaveBeenCalledWith({ rows_done: 0, rows_total: 0 });
    const result = (await predictBatchWithDataframe(
      client,
      BASE,
      { columns: ['a', 'b'], values: [] },
      { probabilities: false },
    )) as unknown;
    expect(result).toEqual([]);
  });

  it('stops between chunks when the signal aborts', async () => {
    const { client } = await fakeDownloader(ONNX);
    const controller = new AbortController();
    const frame = { columns: ['a', 'b'], values: Array.from({ length: 500 }, () => [1, 1]) };
    const error = await predictBatchWithDataframe(client, BASE, frame, {
      chunkSize: 100,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.rows_done === 200) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoAbortError);
  });

  it('returns predictions with probabilities as one array per row', async () => {
    const registered: ModelRuntime = {
      name: 'two-class',
      detect: (head) => head[0] === 0x54,
      async load() {
        return {
          runtime: 'two-class',
          kind: 'classifier',
          classes: ['no', 'yes'],
          async predict(batch) {
            const p = new Float64Array(batch.rows * 2);
            const predictions = [];
            for (let r = 0; r < batch.rows; r++) {
              const yes = batch.values[r]! > 0 ? 0.9 : 0.2;
              p[2 * r] = 1 - yes;
              p[2 * r + 1] = yes;
              predictions.push(yes > 0.5 ? 'yes' : 'no');
            }
            return { predictions, probabilities: p };
          },
        };
      },
    };
    registerModelRuntime(registered);
    try {
      const { client } = await fakeDownloader('T');
      const result = (await predictBatchWithDataframe(
        client,
        { ...BASE, type_model: 'two-class' },
        { x: Float64Array.from([1, -1, 2]) },
        { probabilities: true, chunkSize: 2 },
      )) as BatchPredictionWithProbabilities;
      expect(result).toEqual({
        predictions: ['yes', 'no', 'yes'],
        probabilities: [
          [0.09999999999999998, 0.9],
          [0.8, 0.2],
          [0.09999999999999998, 0.9],
        ],
        classes: ['no', 'yes'],
      });
    } finally {
      unregisterModelRuntime('two-class');
    }
  });
});
