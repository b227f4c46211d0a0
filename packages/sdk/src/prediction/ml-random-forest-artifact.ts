import { writeFile } from 'node:fs/promises';
import { DhuoValidationError } from '../core/errors.js';

/** `format` of the ml-random-forest artifact envelope. */
export const ML_RANDOM_FOREST_FORMAT = 'dhuolib.ml-random-forest';

/**
 * The artifact of a model trained in Node with ml-random-forest (`type_model: 'ml-random-forest'`),
 * a UTF-8 JSON document:
 * `{ "format": "dhuolib.ml-random-forest", "version": 1, "kind": "classifier" | "regressor",
 *    "features": [column names, in training order], "labels": [class label, index = class id]
 *    (classifiers only), "model": <RandomForestClassifier|RandomForestRegression#toJSON()> }`.
 * The model predicts class ids `0..labels.length-1`; `labels[id]` is the label returned.
 */
export interface MlRandomForestArtifact {
  /** Always {@link ML_RANDOM_FOREST_FORMAT}. */
  format: typeof ML_RANDOM_FOREST_FORMAT;
  /** Envelope version: 1. */
  version: 1;
  /** `classifier` (RandomForestClassifier) or `regressor` (RandomForestRegression). */
  kind: 'classifier' | 'regressor';
  /** Feature (column) names in the order the model was trained on. */
  features: string[];
  /** Class labels, index = class id (classifiers). */
  labels?: (string | number)[];
  /** The model's own serialization (`toJSON()`), loaded back with `RandomForest*.load()`. */
  model: { name: 'RFClassifier' | 'RFRegression'; [key: string]: unknown };
}

/** A trained ml-random-forest model (RandomForestClassifier or RandomForestRegression). */
export interface MlRandomForestModel {
  /** The library's own serialization. */
  toJSON(): { name: string };
}

/** Options of {@link createMlRandomForestArtifact}. */
export interface MlRandomForestArtifactOptions {
  /** Feature (column) names in training order. */
  features: readonly string[];
  /** Class labels, index = class id (required for classifiers). */
  labels?: readonly (string | number)[];
}

/** Wraps a trained ml-random-forest model in the artifact envelope. */
export function createMlRandomForestArtifact(
  model: MlRandomForestModel,
  options: MlRandomForestArtifactOptions,
): MlRandomForestArtifact {
  const json = model.toJSON() as MlRandomForestArtifact['model'];
  if (json.name !== 'RFClassifier' && json.name !== 'RFRegression') {
    throw new DhuoValidationError(
      'model',
      'a trained RandomForestClassifier or RandomForestRegression',
      json.name,
    );
  }
  if (options.features.length === 0 || options.features.some((f) => typeof f !== 'string' || f === '')) {
    throw new DhuoValidationError('options.features', 'the column names the model was trained on, in order');
  }
  const kind = json.name === 'RFClassifier' ? 'classifier' : 'regressor';
  if (kind === 'classifier' && (!options.labels || options.labels.length === 0)) {
    throw new DhuoValidationError(
      'options.labels',
      'the class labels of the classifier, index = class id (e.g. ["setosa", ...])',
    );
  }
  return {
    format: ML_RANDOM_FOREST_FORMAT,
    version: 1,
    kind,
    features: [...options.features],
    ...(kind === 'classifier' ? { labels: [...options.labels!] } : {}),
    model: json,
  };
}

/**
 * Saves a trained ml-random-forest model as an artifact file to upload with `runExperiment`
 * (as `modelpkl_path`) and predict with `type_model: 'ml-random-forest'`.
 * @example await saveMlRandomForestModel('iris.json', rf, { features: ['sepal_length', ...], labels: ['setosa', ...] })
 */
export async function saveMlRandomForestModel(
  path: string,
  model: MlRandomForestModel,
  options: MlRandomForestArtifactOptions,
): Promise<MlRandomForestArtifact> {
  const artifact = createMlRandomForestArtifact(model, options);
  await writeFile(path, JSON.stringify(artifact));
  return artifact;
}
