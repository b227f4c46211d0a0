// Public surface of @dhuolib/sdk.

export { Auth, type AuthOptions } from './auth.js';
export type { AuthHeader } from './core/auth-header.js';
export { authHeaderFor } from './core/auth-header.js';
export type { DhuoClientOptions } from './core/base-client.js';
export {
  DhuoAbortError,
  DhuoApiError,
  DhuoAuthenticationError,
  DhuoBadRequestError,
  DhuoChecksumError,
  DhuoConflictError,
  DhuoConnectionError,
  DhuoError,
  type DhuoErrorBody,
  DhuoInternalServerError,
  DhuoNotFoundError,
  DhuoPayloadTooLargeError,
  DhuoPermissionDeniedError,
  DhuoRateLimitError,
  DhuoRequestTimeoutError,
  DhuoTimeoutError,
  DhuoUnprocessableEntityError,
  DhuoValidationError,
} from './core/errors.js';
export type { Logger, LogLevel } from './core/logger.js';
export type { RequestOptions } from './core/request-options.js';
export type { FetchLike, PerRequestTransportOptions, TransportOptions } from './core/transport.js';
export { createTransport, requestIdOf } from './core/transport.js';
export type { TransferProgress } from './downloads/stream-to-file.js';
export {
  type ChunkedUploadOptions,
  DhuolibExperimentClient,
  type DhuolibExperimentClientOptions,
  type DownloadedModel,
  type DownloadModelOptions,
  type DownloadModelParams,
  type SearchParams,
  type UploadOptions,
} from './experiment-client.js';
export { PagePromise } from './pagination.js';
export {
  type ClusterSizeInput,
  DhuolibPlatformClient,
  type DhuolibPlatformClientOptions,
  type ProjectParam,
  type ScheduleResult,
  type WaitForBatchRunOptions,
} from './platform-client.js';
export {
  type ArtifactFormat,
  type BatchPredictionOptions,
  type BatchPredictionParams,
  type BatchPredictionProgress,
  type BatchPredictionWithProbabilities,
  type ColumnTable,
  clearLoadedModels,
  createMlRandomForestArtifact,
  type DataFrameLike,
  type DataFrameProblem,
  DhuoDataFrameError,
  DhuoMissingDependencyError,
  DhuoModelFormatError,
  EXPORT_TO_ONNX_HINT,
  type FeatureBatch,
  getModelRuntime,
  type LoadedModel,
  listModelRuntimes,
  ML_RANDOM_FOREST_FORMAT,
  type MlRandomForestArtifact,
  type MlRandomForestArtifactOptions,
  type MlRandomForestModel,
  type ModelKind,
  type ModelRuntime,
  type Prediction,
  type PredictionChunk,
  type PredictionFrame,
  type PredictOptions,
  type RowObjects,
  registerModelRuntime,
  saveMlRandomForestModel,
  sniffArtifactFormat,
  unregisterModelRuntime,
} from './prediction/index.js';
export {
  createDhuoRawClient,
  type DhuoRawClient,
  type DhuoRawClientOptions,
  formDataSerializer,
} from './raw-client.js';
export { type NextRunsOptions, nextCronRuns } from './schedule.js';
export type * from './types.js';
export type { OnUploadProgress, UploadProgress } from './uploads/upload-progress.js';
