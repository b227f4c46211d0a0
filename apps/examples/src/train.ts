// Step 2 of the iris lifecycle: read IRIS_TRAIN, train a random forest in Node on a stratified 80 %
// split, log it as a run of the experiment, register it at Production, and measure the registered
// model's accuracy on the held-out 20 % by predicting through the registry like a batch job would.
import { mkdirSync } from 'node:fs';
import { DhuolibExperimentClient, saveMlRandomForestModel } from '@dhuolib/sdk';
import { DataFrame } from 'danfojs-node';
import { RandomForestClassifier } from 'ml-random-forest';
import { openDatalake, rowsByUpperName } from './datalake.js';
import { EXPERIMENT_NAME, FEATURES, holdOutSplit, LABEL, MODEL_NAME, TABLES, TYPE_MODEL } from './iris.js';
import { isMain } from './is-main.js';
import { workDir } from './work-dir.js';

/** What training registered, and how well it predicts rows it never saw. */
export interface TrainResult {
  experiment_id: string;
  run_id: string;
  model_version: string;
  stage: string;
  train_rows: number;
  test_rows: number;
  accuracy: number;
}

interface Sample {
  features: number[];
  class: string;
}

export async function main(): Promise<TrainResult> {
  const client = new DhuolibExperimentClient({ cacheDir: workDir('models') });
  const { train, test } = holdOutSplit(await readTrainingSet());
  const labels = [...new Set(train.map((row) => row.class))].sort();

  const model = new RandomForestClassifier({ nEstimators: 100, maxFeatures: 2, seed: 42, replacement: true });
  model.train(
    train.map((row) => row.features),
    train.map((row) => labels.indexOf(row.class)),
  );
  mkdirSync(workDir('artifacts'), { recursive: true });
  const modelPath = workDir('artifacts', 'iris-model.json');
  await saveMlRandomForestModel(modelPath, model, { features: [...FEATURES], labels });

  const experiment = await client.createExperiment({
    experiment_name: EXPERIMENT_NAME,
    experiment_tags: { tag: 'iris' },
  });
  const run = await client.runExperiment({
    type_model: TYPE_MODEL,
    experiment_id: experiment.experiment_id,
    modelpkl_path: modelPath,
    requirements_path: new URL('../batch/requirements.txt', import.meta.url).pathname,
  });
  console.log(`  run ${run.run_id} logged (${run.model_uri})`);
  const registered = await client.createModel({
    modelname: MODEL_NAME,
    modeltag: TYPE_MODEL,
    stage: 'Production',
    run_id: run.run_id,
    model_uri: run.model_uri,
  });
  console.log(
    `  ${MODEL_NAME} version ${registered.model_version} registered at ${registered.current_stage}`,
  );

  // The held-out rows go through the registry, as the batch script's rows will.
  const heldOut = new DataFrame(
    test.map((row) => Object.fromEntries(FEATURES.map((f, i) => [f, row.features[i]]))),
  );
  const predictions = await client.predictionBatchWithDataframe(
    { modelname: MODEL_NAME, experiment_name: EXPERIMENT_NAME, stage: 'Production', type_model: TYPE_MODEL },
    heldOut,
  );
  const correct = predictions.filter((p, i) => p === test[i]!.class).length;
  const accuracy = correct / test.length;
  console.log(`  accuracy on ${test.length} held-out rows: ${accuracy.toFixed(3)}`);
  return {
    experiment_id: experiment.experiment_id,
    run_id: run.run_id,
    model_version: registered.model_version,
    stage: registered.current_stage,
    train_rows: train.length,
    test_rows: test.length,
    accuracy,
  };
}

async function readTrainingSet(): Promise<Sample[]> {
  const { db, repo } = openDatalake();
  try {
    const df = await repo.toDataframe(TABLES.train);
    return rowsByUpperName(df).map((row) => ({
      features: FEATURES.map((f) => Number(row[f.toUpperCase()])),
      class: String(row[LABEL.toUpperCase()]),
    }));
  } finally {
    await db.close();
  }
}

if (isMain(import.meta.url)) await main();
