import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { DhuoValidationError } from '../../src/core/errors.js';
import {
  type BatchPredictionWithProbabilities,
  createMlRandomForestArtifact,
  DhuoDataFrameError,
  DhuoModelFormatError,
  ML_RANDOM_FOREST_FORMAT,
  predictBatchWithDataframe,
  saveMlRandomForestModel,
} from '../../src/prediction/index.js';
import { fakeDownloader } from './support/fake-downloader.js';
import { IRIS_CLASSES, IRIS_FEATURES, irisLike } from './support/iris-like.js';

const PARAMS = {
  modelname: 'iris-rf',
  experiment_name: 'iris',
  stage: 'Production' as const,
  run_id: '',
  type_model: 'ml-random-forest',
};
const train = irisLike(90, 1);
const test = irisLike(200, 2);

function trainClassifier() {
  const rf = new RandomForestClassifier({ nEstimators: 15, seed: 3 });
  rf.train(train.x, train.y);
  return rf;
}

describe('ml-random-forest runtime', () => {
  it('saves the envelope and predicts labels equal to the library’s own predict()', async () => {
    const rf = trainClassifier();
    const path = join(tmpdir(), `rf-${process.pid}.json`);
    const saved = await saveMlRandomForestModel(path, rf, {
      features: [...IRIS_FEATURES],
      labels: [...IRIS_CLASSES],
    });
    const json = JSON.parse(await readFile(path, 'utf8'));
    expect(json).toMatchObject({
      format: ML_RANDOM_FOREST_FORMAT,
      version: 1,
      kind: 'classifier',
      features: [...IRIS_FEATURES],
      labels: [...IRIS_CLASSES],
    });
    expect(json.model.name).toBe('RFClassifier');
    expect(Object.keys(json).slice(0, 2)).toEqual(['format', 'version']);

    const { client } = await fakeDownloader(JSON.stringify(saved), 'iris.json');
    // Row objects with upper-case keys, as a database driver returns them.
    const rows = test.x.map((r) => Object.fromEntries(IRIS_FEATURES.map((f, j) => [f.toUpperCase(), r[j]])));
    const predictions = await predictBatchWithDataframe(client, PARAMS, rows, { chunkSize: 64 });
    const expected = rf.predict(test.x).map((id) => IRIS_CLASSES[id]);
    expect(predictions).toEqual(expected);
    const accuracy = predictions.filter((p, i) => p === IRIS_CLASSES[test.y[i]!]).length / test.y.length;
    expect(accuracy).toBeGreaterThan(0.8);

    const withProbabilities = (await predictBatchWithDataframe(client, PARAMS, rows, {
      probabilities: true,
    })) as BatchPredictionWithProbabilities;
    expect(withProbabilities.predictions).toEqual(expected);
    expect(withProbabilities.classes).toEqual([...IRIS_CLASSES]);
    for (const p of withProbabilities.probabilities) {
      expect(p).toHaveLength(3);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
    // The predicted label has the largest vote share.
    withProbabilities.probabilities.forEach((p, i) => {
      expect(p[IRIS_CLASSES.indexOf(withProbabilities.predictions[i] as (typeof IRIS_CLASSES)[number])]).toBe(
        Math.max(...p),
      );
    });
  });

  it('predicts a regressor equal to the library’s own predict()', async () => {
    const reg = new RandomForestRegression({ nEstimators: 10, seed: 5, noOOB: true });
    const target = train.x.map((r) => r[2]! * 0.5 + r[3]!);
    reg.train(train.x, target);
    const artifact = createMlRandomForestArtifact(reg, { features: [...IRIS_FEATURES] });
    expect(artifact.kind).toBe('regressor');
    const { client } = await fakeDownloader(JSON.stringify(artifact));
    const frame = { columns: [...IRIS_FEATURES], values: test.x };
    const predictions = await predictBatchWithDataframe(
      client,
      { ...PARAMS, stage: undefined, run_id: 'run-1' },
      frame,
    );
    expect(predictions).toEqual(reg.predict(test.x));
  });

  it('refuses NaN and missing columns before predicting, naming the column and row', async () => {
    const { client } = await fakeDownloader(
      JSON.stringify(
        createMlRandomForestArtifact(trainClassifier(), {
          features: [...IRIS_FEATURES],
          labels: [...IRIS_CLASSES],
        }),
      ),
    );
    const values = test.x.map((r) => [...r]);
    values[17]![2] = Number.NaN;
    const error = await predictBatchWithDataframe(client, PARAMS, {
      columns: [...IRIS_FEATURES],
      values,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoDataFrameError);
    expect(error).toMatchObject({ problem: 'missing-value', column: 'petal_length', row: 17 });
    expect((error as Error).message).toMatch(/ml-random-forest model cannot take missing values/);

    const missing = await predictBatchWithDataframe(client, PARAMS, {
      columns: IRIS_FEATURES.slice(0, 3),
      values: test.x.map((r) => r.slice(0, 3)),
    }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ problem: 'missing-column', column: 'petal_width' });
  });

  it('validates what saveMlRandomForestModel is given', () => {
    const rf = trainClassifier();
    expect(() => createMlRandomForestArtifact(rf, { features: [...IRIS_FEATURES] })).toThrow(
      DhuoValidationError,
    );
    expect(() => createMlRandomForestArtifact(rf, { features: [], labels: ['a'] })).toThrow(
      DhuoValidationError,
    );
    expect(() =>
      createMlRandomForestArtifact({ toJSON: () => ({ name: 'X' }) }, { features: ['a'] }),
    ).toThrow(/RandomForestClassifier or RandomForestRegression/);
  });

  it('rejects a broken envelope with a format error', async () => {
    const { client } = await fakeDownloader(
      JSON.stringify({
        format: ML_RANDOM_FOREST_FORMAT,
        version: 1,
        kind: 'classifier',
        features: ['a'],
        model: {},
      }),
    );
    await expect(
      predictBatchWithDataframe(client, PARAMS, { columns: ['a'], values: [[1]] }),
    ).rejects.toThrow(DhuoModelFormatError);
  });
});
