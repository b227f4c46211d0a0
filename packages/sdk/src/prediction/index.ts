/**
 * Batch prediction in Node (`DhuolibExperimentClient#predictionBatchWithDataframe`): the artifact
 * registered at a stage (or for a run) is downloaded and run locally by a model runtime chosen by
 * `type_model` and checked against the artifact's bytes:
 * - `onnx`: ONNX models through onnxruntime-node (optional peer, imported on first use). Inputs: one
 *   `[N, F]` float/double tensor (feature order from `metadata_props.feature_names`, else the
 *   DataFrame's columns or `options.features`) or one `[N, 1]` tensor per column, named after it.
 *   Outputs: a `label` output makes a classifier (class names from the ai.onnx.ml classifier node or
 *   `metadata_props.classes`; a `prob`/`score` `[N, C]` tensor gives probabilities), else the first
 *   numeric output is a regression value.
 * - `ml-random-forest`: models trained in Node with ml-random-forest, saved with
 *   {@link saveMlRandomForestModel} (envelope format in `ml-random-forest-artifact.ts`).
 * - more with {@link registerModelRuntime}.
 * Python pickles (`type_model` lightgbm, sklearn, xgboost, ...) and unknown formats are refused with
 * {@link DhuoModelFormatError}, whose message says to export the model to ONNX. Missing columns,
 * non-numeric values and NaN are refused with {@link DhuoDataFrameError} (naming column and row)
 * before any row is predicted.
 */
export type { ArtifactFormat } from './artifact-format.js';
export { sniffArtifactFormat } from './artifact-format.js';
export type {
  BatchPredictionOptions,
  BatchPredictionParams,
  BatchPredictionProgress,
  BatchPredictionWithProbabilities,
  ModelDownloader,
} from './batch-prediction.js';
export { DEFAULT_CHUNK_SIZE, predictBatchWithDataframe } from './batch-prediction.js';
export type { ColumnTable, DataFrameLike, PredictionFrame, RowObjects } from './feature-matrix.js';
export { clearLoadedModels } from './loaded-model-cache.js';
export type {
  MlRandomForestArtifact,
  MlRandomForestArtifactOptions,
  MlRandomForestModel,
} from './ml-random-forest-artifact.js';
export {
  createMlRandomForestArtifact,
  ML_RANDOM_FOREST_FORMAT,
  saveMlRandomForestModel,
} from './ml-random-forest-artifact.js';
export type {
  FeatureBatch,
  LoadedModel,
  ModelKind,
  ModelRuntime,
  Prediction,
  PredictionChunk,
  PredictOptions,
} from './model-runtime.js';
export type { DataFrameProblem } from './prediction-errors.js';
export { DhuoDataFrameError, DhuoMissingDependencyError, DhuoModelFormatError } from './prediction-errors.js';
export {
  EXPORT_TO_ONNX_HINT,
  getModelRuntime,
  listModelRuntimes,
  registerModelRuntime,
  unregisterModelRuntime,
} from './runtime-registry.js';
