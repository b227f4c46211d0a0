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
