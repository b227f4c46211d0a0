import { readFile } from 'node:fs/promises';
import type { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { ML_RANDOM_FOREST_FORMAT, type MlRandomForestArtifact } from './ml-random-forest-artifact.js';
import type {
  FeatureBatch,
  LoadedModel,
  ModelRuntime,
  Prediction,
  PredictionChunk,
  PredictOptions,
} from './model-runtime.js';
import { importOptional } from './optional-import.js';
import { DhuoModelFormatError } from './prediction-errors.js';

type MlRandomForestModule = typeof import('ml-random-forest');

let mlModule: Promise<MlRandomForestModule> | undefined;

function loadLibrary(): Promise<MlRandomForestModule> {
  mlModule ??= importOptional(
    'ml-random-forest',
    "Running a model of type_model 'ml-random-forest'",
    () => import('ml-random-forest'),
  ).then((mod) => ((mod as { default?: MlRandomForestModule }).default ?? mod) as MlRandomForestModule);
  mlModule.catch(() => {
    mlModule = undefined;
  });
  return mlModule;
}

function formatError(message: string): DhuoModelFormatError {
  return new DhuoModelFormatError(message, 'ml-random-forest', 'json');
}

/** Whether the head is the JSON envelope of an ml-random-forest artifact. */
function detect(head: Uint8Array): boolean {
  const text = new TextDecoder().decode(head.subarray(0, 4096)).trimStart();
  return text.startsWith('{') && text.includes(`"${ML_RANDOM_FOREST_FORMAT}"`);
}

function parseArtifact(text: string): MlRandomForestArtifact {
  let json: Partial<MlRandomForestArtifact>;
  try {
    json = JSON.parse(text) as Partial<MlRandomForestArtifact>;
  } catch (error) {
    throw formatError(`the ml-random-forest artifact is not valid JSON: ${(error as Error).message}`);
  }
  if (json.format !== ML_RANDOM_FOREST_FORMAT || json.version !== 1) {
    throw formatError(
      `the artifact is not a '${ML_RANDOM_FOREST_FORMAT}' version 1 envelope; save models with saveMlRandomForestModel()`,
    );
  }
  if (!Array.isArray(json.features) || json.features.length === 0) {
    throw formatError('the ml-random-forest artifact has no "features" (the column names, in order)');
  }
  const expected =
    json.kind === 'classifier' ? 'RFClassifier' : json.kind === 'regressor' ? 'RFRegression' : '';
  if (!json.model || json.model.name !== expected) {
    throw formatError(
      `the ml-random-forest artifact's kind '${json.kind}' does not match its model '${json.model?.name}'`,
    );
  }
  if (json.kind === 'classifier' && (!Array.isArray(json.labels) || json.labels.length === 0)) {
    throw formatError('the ml-random-forest classifier artifact has no "labels" (index = class id)');
  }
  return json as MlRandomForestArtifact;
}

function toRows(batch: FeatureBatch): number[][] {
  const width = batch.features.length;
  const rows = new Array<number[]>(batch.rows);
  for (let r = 0; r < batch.rows; r++) {
    rows[r] = Array.from(batch.values.subarray(r * width, (r + 1) * width));
  }
  return rows;
}

class MlRandomForestModel implements LoadedModel {
  readonly runtime = 'ml-random-forest';
  readonly kind: 'classifier' | 'regressor';
  readonly inputs: readonly string[];
  readonly featureCount: number;
  readonly classes?: readonly Prediction[];
  readonly dtype = 'float64';
  readonly acceptsMissing = false;

  constructor(
    private readonly artifact: MlRandomForestArtifact,
    private readonly model: RandomForestClassifier | RandomForestRegression,
  ) {
    this.kind = artifact.kind;
    this.inputs = artifact.features;
    this.featureCount = artifact.features.length;
    if (artifact.labels) this.classes = artifact.labels;
  }

  async predict(batch: FeatureBatch, options: PredictOptions): Promise<PredictionChunk> {
    const rows = toRows(batch);
    const labels = this.artifact.labels;
    if (!labels) {
      if (options.probabilities)
        throw formatError('probabilities were asked for, but the model is a regressor');
      return { predictions: this.model.predict(rows) };
    }
    if (!options.probabilities) {
      return { predictions: this.model.predict(rows).map((id) => labels[id] ?? id) };
    }
    // One pass over the trees gives both the vote (the library's `selection`) and the vote shares.
    const votes = this.model.predictionValues(rows);
    const classes = labels.length;
    const probabilities = new Float64Array(batch.rows * classes);
    const predictions = new Array<Prediction>(batch.rows);
    for (let r = 0; r < batch.rows; r++) {
      const row = votes.getRow(r);
      const id = (this.model as RandomForestClassifier).selection(row);
      predictions[r] = labels[id] ?? id;
      for (const v of row) {
        if (v >= 0 && v < classes) probabilities[r * classes + v]! += 1 / row.length;
      }
    }
    return { predictions, probabilities };
  }
}

async function loadMlRandomForestModel(path: string): Promise<LoadedModel> {
  const artifact = parseArtifact(await readFile(path, 'utf8'));
  const lib = await loadLibrary();
  let model: RandomForestClassifier | RandomForestRegression;
  try {
    model =
      artifact.kind === 'classifier'
        ? lib.RandomForestClassifier.load(artifact.model as never)
        : lib.RandomForestRegression.load(artifact.model as never);
  } catch (error) {
    throw formatError(`ml-random-forest cannot load the model: ${(error as Error).message}`);
  }
  return new MlRandomForestModel(artifact, model);
}

/** Runs models trained in Node with ml-random-forest (`type_model: 'ml-random-forest'`), an optional peer. */
export const mlRandomForestRuntime: ModelRuntime = {
  name: 'ml-random-forest',
  aliases: ['ml_random_forest', 'mljs-random-forest'],
  detect,
  load: loadMlRandomForestModel,
};
