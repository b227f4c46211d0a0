import { open } from 'node:fs/promises';
import { DhuoAbortError, DhuoValidationError } from '../core/errors.js';
import { requireName } from '../core/validation.js';
import type { components } from '../generated/dhuo.js';
import { ARTIFACT_HEAD_BYTES } from './artifact-format.js';
import { buildFeatureMatrix, type PredictionFrame } from './feature-matrix.js';
import { acquireModel } from './loaded-model-cache.js';
import type { LoadedModel, Prediction } from './model-runtime.js';
import { DhuoModelFormatError } from './prediction-errors.js';
import { getModelRuntime, runtimeForArtifact, runtimeForTypeModel } from './runtime-registry.js';

type Stage = components['schemas']['Stage'];

/** The seed's `batch_params`: which registered model to predict with (`run_id` or `stage` is required). */
export interface BatchPredictionParams {
  /** Registered model name. */
  modelname: string;
  /** Experiment the model belongs to. */
  experiment_name: string;
  /** Stage whose model version to use (e.g. `Production`); required unless `run_id` is given. */
  stage?: Stage | undefined;
  /** Run whose model to use; `''` counts as absent (as in the seed); wins over `stage` when both are given. */
  run_id?: string | undefined;
  /** Model runtime: `onnx`, `ml-random-forest` or a registered one; detected from the artifact when absent. */
  type_model?: string | undefined;
  /** Local file name (or folder) for the downloaded artifact, as in the seed. */
  batch_model_dir?: string | undefined;
}

/** Progress of a batch prediction, reported after each chunk. */
export interface BatchPredictionProgress {
  /** Rows predicted so far. */
  rows_done: number;
  /** Rows in the DataFrame. */
  rows_total: number;
}

/** Options of `predictionBatchWithDataframe`. */
export interface BatchPredictionOptions {
  /** Rows predicted per call into the model (default 50 000). */
  chunkSize?: number;
  /** Called after each chunk. */
  onProgress?: (progress: BatchPredictionProgress) => void;
  /** Cancels the download and stops between chunks. */
  signal?: AbortSignal;
  /** Also return class probabilities (classifiers). */
  probabilities?: boolean;
  /** Columns to feed, in order, when the model does not name its features (default: every column, in order). */
  features?: readonly string[];
  /** Let NaN / null reach a model that handles missing values itself (ONNX tree ensembles do). */
  allowMissing?: boolean;
  /** Download the artifact again even if it is cached. */
  force?: boolean;
  /** Download progress, passed to `downloadModel`. */
  onDownloadProgress?: (progress: { loaded: number; total: number | undefined }) => void;
}

/** Predictions with class probabilities (`{ probabilities: true }`). */
export interface BatchPredictionWithProbabilities {
  /** One prediction per row, in row order. */
  predictions: Prediction[];
  /** One array per row, aligned with `classes`. */
  probabilities: number[][];
  /** Class labels in probability order, when the model names them. */
  classes: Prediction[] | undefined;
}

/** Parameters of `downloadModel` used here (the experiment client's contract). */
export interface ModelDownloadParams {
  experiment_name: string;
  modelname: string;
  stage?: Stage;
  run_id?: string;
  type_model?: string;
  batch_model_dir?: string;
}

/** What batch prediction needs from the experiment client: a checksum-verified, cached artifact on disk. */
export interface ModelDownloader {
  downloadModel(
    params: ModelDownloadParams,
    options?: {
      signal?: AbortSignal;
      onProgress?: (progress: { loaded: number; total: number | undefined }) => void;
      force?: boolean;
    },
  ): Promise<{ path: string; sha256?: string | undefined; type_model?: string | undefined }>;
}

/** Default rows per chunk. */
export const DEFAULT_CHUNK_SIZE = 50_000;

/** Checks `batch_params` before any I/O and builds the download request. */
export function toDownloadParams(params: BatchPredictionParams): ModelDownloadParams {
  if (params === null || typeof params !== 'object') {
    throw new DhuoValidationError(
      'batch_params',
      'an object with modelname, experiment_name and stage or run_id',
    );
  }
  const download: ModelDownloadParams = {
    modelname: requireName(params.modelname, 'batch_params.modelname'),
    experiment_name: requireName(params.experiment_name, 'batch_params.experiment_name'),
  };
  const runId = typeof params.run_id === 'string' && params.run_id.trim() !== '' ? params.run_id : undefined;
  const stage = typeof params.stage === 'string' && params.stage.trim() !== '' ? params.stage : undefined;
  if (!runId && !stage) {
    throw new DhuoValidationError(
      'batch_params.stage',
      "a stage (e.g. 'Production') or a non-empty batch_params.run_id",
      'neither',
    );
  }
  // downloadModel takes one of them: a run names one artifact, so it wins over a stage (the seed sends both).
  if (runId) download.run_id = runId;
  else if (stage) download.stage = stage;
  if (params.type_model) download.type_model = params.type_model;
  if (params.batch_model_dir) download.batch_model_dir = params.batch_model_dir;
  return download;
}

function checkOptions(options: BatchPredictionOptions): number {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new DhuoValidationError('options.chunkSize', 'a positive integer', String(chunkSize));
  }
  if (options.features !== undefined && !Array.isArray(options.features)) {
    throw new DhuoValidationError('options.features', 'an array of column names');
  }
  return chunkSize;
}

async function readHead(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = new Uint8Array(ARTIFACT_HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DhuoAbortError('Batch prediction was aborted.', { cause: signal.reason });
}

function splitProbabilities(flat: Float32Array | Float64Array, rows: number, out: number[][]): void {
  const width = rows === 0 ? 0 : flat.length / rows;
  for (let r = 0; r < rows; r++) out.push(Array.from(flat.subarray(r * width, (r + 1) * width)));
}

/**
 * Downloads the model registered at `stage` (or for `run_id`), loads it with the runtime named by
 * `type_model` (checked against the artifact's bytes), validates the DataFrame's columns, and
 * predicts every row, chunk by chunk.
 */
export function predictBatchWithDataframe(
  client: ModelDownloader,
  params: BatchPredictionParams,
  df: PredictionFrame,
  options?: BatchPredictionOptions & { probabilities?: false },
): Promise<Prediction[]>;
export function predictBatchWithDataframe(
  client: ModelDownloader,
  params: BatchPredictionParams,
  df: PredictionFrame,
  options: BatchPredictionOptions & { probabilities: true },
): Promise<BatchPredictionWithProbabilities>;
export function predictBatchWithDataframe(
  client: ModelDownloader,
  params: BatchPredictionParams,
  df: PredictionFrame,
  options?: BatchPredictionOptions,
): Promise<Prediction[] | BatchPredictionWithProbabilities>;
export async function predictBatchWithDataframe(
  client: ModelDownloader,
  params: BatchPredictionParams,
  df: PredictionFrame,
  options: BatchPredictionOptions = {},
): Promise<Prediction[] | BatchPredictionWithProbabilities> {
  const download = toDownloadParams(params);
  const chunkSize = checkOptions(options);
  const chosen = runtimeForTypeModel(params.type_model);
  throwIfAborted(options.signal);

  const artifact = await client.downloadModel(download, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {}),
    ...(options.force ? { force: true } : {}),
  });
  // Without a type_model, the run's registered one (sent by the service) is used when a runtime serves it.
  const served = chosen ?? (artifact.type_model ? getModelRuntime(artifact.type_model) : undefined);
  const runtime = runtimeForArtifact(
    served,
    await readHead(artifact.path),
    params.type_model ?? artifact.type_model,
  );
  const lease = await acquireModel(runtime, artifact.path, artifact.sha256);
  try {
    return await predictRows(lease.model, runtime.name, params, df, options, chunkSize);
  } finally {
    lease.release();
  }
}

async function predictRows(
  model: LoadedModel,
  runtimeName: string,
  params: BatchPredictionParams,
  df: PredictionFrame,
  options: BatchPredictionOptions,
  chunkSize: number,
): Promise<Prediction[] | BatchPredictionWithProbabilities> {
  const wantProbabilities = options.probabilities === true;

  // Every value is checked (and copied) before the first row is predicted.
  const matrix = buildFeatureMatrix(df, {
    inputs: model.inputs,
    featureCount: model.featureCount,
    features: options.features,
    acceptsMissing: model.acceptsMissing === true || options.allowMissing === true,
    dtype: model.dtype ?? 'float64',
    runtime: runtimeName,
  });

  const total = matrix.rows;
  let predictions: Prediction[] = [];
  const probabilities: number[][] = [];
  for (let start = 0; start < total; start += chunkSize) {
    throwIfAborted(options.signal);
    const end = Math.min(total, start + chunkSize);
    const chunk = await model.predict(matrix.slice(start, end), { probabilities: wantProbabilities });
    const got = chunk.predictions;
    if (got.length !== end - start) {
      throw new DhuoModelFormatError(
        `the ${runtimeName} model returned ${got.length} predictions for ${end - start} rows`,
        params.type_model,
        undefined,
      );
    }
    if (start === 0 && end === total && Array.isArray(got)) predictions = got as Prediction[];
    else {
      if (start === 0) predictions = new Array<Prediction>(total);
      for (let i = 0, n = got.length; i < n; i++) predictions[start + i] = got[i]!;
    }
    if (wantProbabilities) {
      if (!chunk.probabilities) {
        throw new DhuoModelFormatError(
          `probabilities were asked for, but the ${runtimeName} model gives none`,
          params.type_model,
          undefined,
        );
      }
      splitProbabilities(chunk.probabilities, end - start, probabilities);
    }
    options.onProgress?.({ rows_done: end, rows_total: total });
  }
  if (total === 0) options.onProgress?.({ rows_done: 0, rows_total: 0 });
  if (!wantProbabilities) return predictions;
  return { predictions, probabilities, classes: model.classes ? [...model.classes] : undefined };
}
