// DhuolibExperimentClient, call by call: an experiment, a run uploaded in chunks, the registry's
// stages, search, download, and predictions online and in batch. Runs against DHUO_SERVICE_ENDPOINT
// with DHUO_TOKEN (start an emulator with `npx dhuolib-mock --mode stateful`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { DhuolibExperimentClient, saveMlRandomForestModel } from '@dhuolib/sdk';
import { DataFrame } from 'danfojs-node';
import { RandomForestClassifier } from 'ml-random-forest';
import { FEATURES, loadIris } from './iris.js';
import { isMain } from './is-main.js';
import { workDir } from './work-dir.js';

export async function main(): Promise<{ run_id: string; version: string; predictions: unknown[] }> {
  const client = new DhuolibExperimentClient({ cacheDir: workDir('models') });
  const experiment_name = 'iris-experiment-client-example';

  // A small model to upload: a random forest trained in Node, saved in its own serialization.
  const iris = loadIris();
  const labels = [...new Set(iris.map((r) => r.class))].sort();
  const forest = new RandomForestClassifier({
    nEstimators: 20,
    maxFeatures: 2,
    seed: 1,
    replacement: true,
    noOOB: true,
  });
  forest.train(
    iris.map((r) => FEATURES.map((f) => r[f])),
    iris.map((r) => labels.indexOf(r.class)),
  );
  mkdirSync(workDir('artifacts'), { recursive: true });
  const modelpkl_path = workDir('artifacts', 'example-model.json');
  const requirements_path = workDir('artifacts', 'requirements.txt');
  await saveMlRandomForestModel(modelpkl_path, forest, { features: [...FEATURES], labels });
  writeFileSync(requirements_path, 'ml-random-forest\n');

  const experiment = await client.createExperiment({ experiment_name, experiment_tags: { tag: 'iris' } });
  console.log(`experiment ${experiment.experiment_id}: ${experiment.experiment_name}`);

  // The later form: files sent in chunks with an upload id, offset and SHA-256.
  const run = await client.executeRunForExperiment(
    {
      type_model: 'ml-random-forest',
      experiment_name,
      tags: { trainer: 'node' },
      modelpkl_path,
      requirements_path,
    },
    {
      chunkSize: 64 * 1024,
      onProgress: (p) => console.log(`  uploading ${p.field}: ${p.loaded}/${p.total} bytes`),
    },
  );
  console.log(`run ${run.run_id} → ${run.model_uri}`);

  const version = await client.createModel({
    modelname: experiment_name,
    modeltag: 'ml-random-forest',
    stage: 'Staging',
    run_id: run.run_id,
    model_uri: run.model_uri,
  });
  const promoted = await client.transitionModel({
    model_name: experiment_name,
    version: version.model_version,
    stage: 'Production',
  });
  console.log(promoted.message);

  for await (const model of client.searchModels({ filter_string: `name = '${experiment_name}'` })) {
    console.log(
      `model ${model.model_name}: ${model.latest_versions?.map((v) => `v${v.model_version} ${v.current_stage}`).join(', ')}`,
    );
  }
  for await (const found of client.searchRuns({ experiment_name, max_results: 5 })) {
    console.log(`run ${found.run_id} ${found.status}`);
  }

  const downloaded = await client.downloadModel({
    experiment_name,
    modelname: experiment_name,
    stage: 'Production',
  });
  console.log(
    `downloaded v${downloaded.model_version} to ${downloaded.path} (sha256 ${downloaded.sha256?.slice(0, 12)}…)`,
  );

  const online = await client.predictOnline({
    modelname: experiment_name,
    stage: 'Production',
    type_model: 'ml-random-forest',
    data: `${FEATURES.join(',')}\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n`,
  });
  console.log(`online: ${online.predictions.join(', ')}`);

  const df = new DataFrame([
    { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 },
    { sepal_length: 6.7, sepal_width: 3.0, petal_length: 5.2, petal_width: 2.3 },
  ]);
  const predictions = await client.predictionBatchWithDataframe(
    { modelname: experiment_name, experiment_name, stage: 'Production', type_model: 'ml-random-forest' },
    df,
  );
  console.log(`batch: ${predictions.join(', ')}`);
  return { run_id: run.run_id, version: version.model_version, predictions };
}

if (isMain(import.meta.url)) await main();
