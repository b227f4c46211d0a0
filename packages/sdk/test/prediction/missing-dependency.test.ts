import { describe, expect, it, vi } from 'vitest';
import { DhuoMissingDependencyError, predictBatchWithDataframe } from '../../src/prediction/index.js';
import { fakeDownloader } from './support/fake-downloader.js';
import { buildLinearRegressor } from './support/onnx-model-builder.js';

// As if the optional peer were not installed.
vi.mock('onnxruntime-node', () => {
  throw Object.assign(new Error("Cannot find package 'onnxruntime-node'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

describe('optional peer dependencies', () => {
  it('tells to install onnxruntime-node when an ONNX model is used without it', async () => {
    const { client } = await fakeDownloader(buildLinearRegressor([1], 0, { features: ['a'] }));
    const error = await predictBatchWithDataframe(
      client,
      { modelname: 'm', experiment_name: 'e', stage: 'Production', type_model: 'onnx' },
      { columns: ['a'], values: [[1]] },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoMissingDependencyError);
    expect((error as Error).message).toMatch(
      /needs the optional package 'onnxruntime-node': run `npm install onnxruntime-node`/,
    );
  });
});
