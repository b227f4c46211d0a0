import { resolve } from 'node:path';
import { type CallInit, DhuoBaseClient, type DhuoClientOptions } from './core/base-client.js';
import { DhuoValidationError } from './core/errors.js';
import type { RequestOptions } from './core/request-options.js';
import { requestIdOf } from './core/transport.js';
import {
  describeValue,
  optionalTags,
  requireFile,
  requireInteger,
  requireName,
  requireStage,
} from './core/validation.js';
import { artifactPath, cacheSegment, readCached, writeCached } from './downloads/model-cache.js';
import { streamToFile, type TransferProgress } from './downloads/stream-to-file.js';
import { PagePromise } from './pagination.js';
import {
  type BatchPredictionOptions,
  type BatchPredictionParams,
  type BatchPredictionWithProbabilities,
  type Prediction,
  type PredictionFrame,
  predictBatchWithDataframe,
} from './prediction/index.js';
import type {
  Experiment,
  ExperimentPage,
  ModelVersion,
  PredictOnlineResponse,
  RegisteredModel,
  RegisteredModelPage,
  Run,
  RunPage,
  Stage,
  Tags,
  TransitionResult,
} from './types.js';
import { type CompletedUpload, defaultChunkSize, uploadInChunks } from './uploads/chunked-upload.js';
import { type MultipartBody, multipartBody } from './uploads/multipart-stream.js';
import type { OnUploadProgress } from './uploads/upload-progress.js';

/** Options of {@link DhuolibExperimentClient}. */
export interface DhuolibExperimentClientOptions extends DhuoClientOptions {
  /** Where downloaded models are cached (default `./.dhuolib/models`). */
  cacheDir?: string | undefined;
}

/** Parameters of a search: an MLflow filter and paging. */
export interface SearchParams {
  /** An MLflow filter, e.g. `name = 'iris' AND tags.team = 'ml'`. */
  filter_string?: string | undefined;
  /** The most items per page (1–1000, service default 10). */
  max_results?: number | undefined;
  /** Start from this page (the `next_page_token` of an earlier page). */
  page_token?: string | undefined;
}

/** Parameters of {@link DhuolibExperimentClient.downloadModel}: exactly one of `stage` or `run_id`. */
export interface DownloadModelParams {
  experiment_name: string;
  modelname: string;
  /** Download the version currently in this stage. */
  stage?: Stage | undefined;
  /** Download the model of this run. */
  run_id?: string | undefined;
  /** The model type as registered (e.g. `onnx`); a mismatch is an error on the service. */
  type_model?: string | undefined;
  /** The local file name under the cache entry (default `model`). */
  batch_model_dir?: string | undefined;
}

/** Options of {@link DhuolibExperimentClient.downloadModel}. */
export interface DownloadModelOptions extends RequestOptions {
  /** Called as bytes arrive. */
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  /** Download again even when the cache holds this version. */
  force?: boolean | undefined;
  /** Use the misspelled `/dowload/` path of an old service release. */
  legacyDownloadPath?: boolean | undefined;
}

/** A downloaded model on disk. */
export interface DownloadedModel {
  /** Absolute path of the artifact file. */
  path: string;
  /** Hex SHA-256 of the file (verified against the service's when it sent one). */
  sha256?: string | undefined;
  /** The registered version served (from `X-Dhuo-Model-Version`). */
  model_version?: string | undefined;
  /** The run the artifact belongs to. */
  run_id?: string | undefined;
  /** The run's model type. */
  type_model?: string | undefined;
  /** True when the file came from the cache without downloading. */
  cached: boolean;
}

/** Options of the upload methods. */
export interface UploadOptions extends RequestOptions {
  /** Called as each file's bytes are sent. */
  onProgress?: OnUploadProgress | undefined;
}

/** Options of {@link DhuolibExperimentClient.executeRunForExperiment}. */
export interface ChunkedUploadOptions extends UploadOptions {
  /** Bytes per chunk (default 10 MB). */
  chunkSize?: number | undefined;
}

const checksumPattern = /^[0-9a-f]{64}$/i;

/**
 * Experiments, runs, the model registry and predictions on the Dhuo service.
 *
 * @example
 * const client = new DhuolibExperimentClient({ serviceEndpoint: 'http://localhost:8000' });
 * const experiment = await client.createExperiment({ experiment_name: 'iris-classification', experiment_tags: { tag: 'iris' } });
 */
export class DhuolibExperimentClient extends DhuoBaseClient {
  /** The absolute directory downloaded models are cached in. */
  readonly cacheDir: string;

  constructor(options: DhuolibExperimentClientOptions = {}) {
    super(options);
    this.cacheDir = resolve(options.cacheDir ?? './.dhuolib/models');
  }

  /** Creates an experiment, or returns the existing one with that name. */
  async createExperiment(
    params: { experiment_name: string; experiment_tags?: Tags | undefined },
    options?: RequestOptions,
  ): Promise<Experiment> {
    const experiment_name = requireName(params?.experiment_name, 'experiment_name');
    const experiment_tags = optionalTags(params.experiment_tags, 'experiment_tags');
    return this.call(
      'POST /api/experiment',
      (init) =>
        this.api.POST('/api/experiment', {
          params: { header: { 'Idempotency-Key': this.idempotencyKey(options) } },
          body: { experiment_name, ...(experiment_tags ? { experiment_tags } : {}) },
          ...init,
        }),
      options,
    );
  }

  /** Reads one experiment by id. */
  async getExperiment(experiment_id: string, options?: RequestOptions): Promise<Experiment> {
    const id = requireName(experiment_id, 'experiment_id');
    return this.call(
      'GET /api/experiments/{experiment_id}',
      (init) =>
        this.api.GET('/api/experiments/{experiment_id}', {
          params: { path: { experiment_id: id } },
          ...init,
        }),
      options,
    );
  }

  /** Searches experiments; await it for one page, or `for await` it for every experiment. */
  searchExperiments(
    params: SearchParams & { view_type?: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL' | undefined } = {},
    options?: RequestOptions,
  ): PagePromise<ExperimentPage, Experiment> {
    return new PagePromise(
      async (page_token) => {
        const query = searchQuery(params, page_token);
        if (
          params.view_type !== undefined &&
          !['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'].includes(params.view_type)
        ) {
          throw new DhuoValidationError(
            'view_type',
            'ACTIVE_ONLY, DELETED_ONLY or ALL',
            describeValue(params.view_type),
          );
        }
        return this.call(
          'GET /api/experiment/search',
          (init) =>
            this.api.GET('/api/experiment/search', {
              params: { query: { ...query, ...(params.view_type ? { view_type: params.view_type } : {}) } },
              ...init,
            }),
          options,
        );
      },
      (page) => page.experiments,
      (page) => page.next_page_token,
      params.page_token,
    );
  }

  /**
   * Logs a run with its model and requirements files, in one multipart request (the 0.5.x form).
   * The files are streamed from disk as the request is sent.
   */
  async runExperiment(
    params: {
      type_model: string;
      experiment_id: string | number;
      modelpkl_path: string;
      requirements_path?: string | undefined;
    },
    options?: UploadOptions,
  ): Promise<Run> {
    const type_model = requireName(params?.type_model, 'type_model');
    const experiment_id = requireName(
      typeof params.experiment_id === 'number' ? String(params.experiment_id) : params.experiment_id,
      'experiment_id',
    );
    const model = await requireFile(params.modelpkl_path, 'modelpkl_path');
    const requirements =
      params.requirements_path === undefined
        ? undefined
        : await requireFile(params.requirements_path, 'requirements_path');
    const body = multipartBody(
      [
        { name: 'type_model', value: type_model },
        { name: 'experiment_id', value: experiment_id },
        { name: 'modelpkl_path', path: model.path, size: model.size },
        ...(requirements
          ? [
              {
                name: 'requirements_path',
                path: requirements.path,
                size: requirements.size,
                contentType: 'text/plain',
              },
            ]
          : []),
      ],
      options?.onProgress,
    );
    return this.call(
      'POST /api/runs',
      (init) => this.api.POST('/api/runs', streamedBody(body, init)),
      options,
    );
  }

  /**
   * Logs a run by experiment name (the later form): each file is sent in chunks with an upload id,
   * offset and SHA-256, then the run is created from those uploads.
   */
  async executeRunForExperiment(
    params: {
      type_model: string;
      experiment_name: string;
      tags?: Tags | undefined;
      modelpkl_path: string;
      requirements_path?: string | undefined;
    },
    options?: ChunkedUploadOptions,
  ): Promise<Run> {
    const type_model = requireName(params?.type_model, 'type_model');
    const experiment_name = requireName(params.experiment_name, 'experiment_name');
    const tags = optionalTags(params.tags, 'tags');
    const chunkSize =
      options?.chunkSize === undefined ? defaultChunkSize : requireInteger(options.chunkSize, 'chunkSize', 1);
    const files = [
      { field: 'modelpkl_path' as const, ...(await requireFile(params.modelpkl_path, 'modelpkl_path')) },
      ...(params.requirements_path === undefined
        ? []
        : [
            {
              field: 'requirements_path' as const,
              ...(await requireFile(params.requirements_path, 'requirements_path')),
            },
          ]),
    ];
    const uploads: { modelpkl_path?: CompletedUpload; requirements_path?: CompletedUpload } = {};
    for (const file of files) {
      uploads[file.field] = await uploadInChunks({
        path: file.path,
        size: file.size,
        experimentName: experiment_name,
        fileName: file.field,
        chunkSize,
        onProgress: options?.onProgress,
        signal: options?.signal,
        retryPolicy: {
          ...this.retrySettings.policy,
          maxRetries: options?.maxRetries ?? this.retrySettings.policy.maxRetries,
        },
        wait: this.retrySettings.sleep,
        sendChunk: (body) =>
          this.call(
            'POST /api/runs/upload_chunk',
            (init) => this.api.POST('/api/runs/upload_chunk', streamedBody(body, init)),
            options,
          ),
      });
    }
    return this.call(
      'POST /api/runs',
      (init) =>
        this.api.POST('/api/runs', {
          params: { header: { 'Idempotency-Key': this.idempotencyKey(options) } },
          body: { type_model, experiment_name, ...(tags ? { tags } : {}), uploads },
          ...init,
        }),
      options,
    );
  }

  /** Searches the runs of an experiment; a missing experiment gives an empty page (the service answers 204). */
  searchRuns(
    params: SearchParams & { experiment_name: string },
    options?: RequestOptions,
  ): PagePromise<RunPage, Run> {
    return new PagePromise(
      async (page_token) => {
        const experiment_name = requireName(params?.experiment_name, 'experiment_name');
        const query = searchQuery(params, page_token);
        const page = await this.call(
          'GET /api/runs/{experiment_name}',
          (init) =>
            this.api.GET('/api/runs/{experiment_name}', {
              params: { path: { experiment_name }, query },
              ...init,
            }),
          options,
        );
        return page ?? { runs: [], next_page_token: null };
      },
      (page) => page.runs,
      (page) => page.next_page_token,
      params?.page_token,
    );
  }

  /** Reads one run of an experiment. */
  async getRun(experiment_name: string, run_id: string, options?: RequestOptions): Promise<Run> {
    const name = requireName(experiment_name, 'experiment_name');
    const id = requireName(run_id, 'run_id');
    return this.call(
      'GET /api/runs/{experiment_name}/{run_id}',
      (init) =>
        this.api.GET('/api/runs/{experiment_name}/{run_id}', {
          params: { path: { experiment_name: name, run_id: id } },
          ...init,
        }),
      options,
    );
  }

  /** Registers a run's model as a new version of a named model. */
  async createModel(
    params: {
      modelname: string;
      stage?: Stage | undefined;
      run_id: string;
      model_uri: string;
      modeltag?: string | undefined;
      tags?: Tags | undefined;
      archive_existing_versions?: boolean | undefined;
    },
    options?: RequestOptions,
  ): Promise<ModelVersion> {
    const modelname = requireName(params?.modelname, 'modelname');
    const run_id = requireName(params.run_id, 'run_id');
    const model_uri = requireName(params.model_uri, 'model_uri');
    const stage = params.stage === undefined ? undefined : requireStage(params.stage);
    if (params.modeltag !== undefined && typeof params.modeltag !== 'string') {
      throw new DhuoValidationError('modeltag', 'a string', describeValue(params.modeltag));
    }
    const tags = optionalTags(params.tags, 'tags');
    if (
      params.archive_existing_versions !== undefined &&
      typeof params.archive_existing_versions !== 'boolean'
    ) {
      throw new DhuoValidationError(
        'archive_existing_versions',
        'a boolean',
        describeValue(params.archive_existing_versions),
      );
    }
    return this.call(
      'POST /api/models',
      (init) =>
        this.api.POST('/api/models', {
          params: { header: { 'Idempotency-Key': this.idempotencyKey(options) } },
          body: {
            modelname,
            run_id,
            model_uri,
            ...(stage ? { stage } : {}),
            ...(params.modeltag !== undefined ? { modeltag: params.modeltag } : {}),
            ...(tags ? { tags } : {}),
            ...(params.archive_existing_versions !== undefined
              ? { archive_existing_versions: params.archive_existing_versions }
              : {}),
          },
          ...init,
        }),
      options,
    );
  }

  /**
   * Moves a model version to a stage. `{ method: 'GET' }` uses the historical GET form for services
   * that lack the POST one.
   */
  async transitionModel(
    params: {
      model_name: string;
      version: number | string;
      stage: Stage;
      archive_existing_versions?: boolean | undefined;
    },
    options?: RequestOptions & { method?: 'POST' | 'GET' | undefined },
  ): Promise<TransitionResult> {
    const model_name = requireName(params?.model_name, 'model_name');
    const version = requireInteger(params.version, 'version', 1);
    const stage = requireStage(params.stage);
    const archive = params.archive_existing_versions;
    if (archive !== undefined && typeof archive !== 'boolean') {
      throw new DhuoValidationError('archive_existing_versions', 'a boolean', describeValue(archive));
    }
    if (options?.method === 'GET') {
      return this.call(
        'GET /api/models/transition-model/{model_name}',
        (init) =>
          this.api.GET('/api/models/transition-model/{model_name}', {
            params: {
              path: { model_name },
              query: {
                version,
                stage,
                ...(archive !== undefined ? { archive_existing_versions: archive } : {}),
              },
            },
            ...init,
          }),
        options,
      );
    }
    return this.call(
      'POST /api/models/transition-model/{model_name}',
      (init) =>
        this.api.POST('/api/models/transition-model/{model_name}', {
          params: { path: { model_name }, header: { 'Idempotency-Key': this.idempotencyKey(options) } },
          body: { version, stage, ...(archive !== undefined ? { archive_existing_versions: archive } : {}) },
          ...init,
        }),
      options,
    );
  }

  /** Searches registered models; await it for one page, or `for await` it for every model. */
  searchModels(
    params: SearchParams = {},
    options?: RequestOptions,
  ): PagePromise<RegisteredModelPage, RegisteredModel> {
    return new PagePromise(
      async (page_token) => {
        const query = searchQuery(params, page_token);
        return this.call(
          'GET /api/models/search',
          (init) => this.api.GET('/api/models/search', { params: { query }, ...init }),
          options,
        );
      },
      (page) => page.models,
      (page) => page.next_page_token,
      params.page_token,
    );
  }

  /** Reads a registered model with all its versions and their stage history. */
  async getModel(model_name: string, options?: RequestOptions): Promise<RegisteredModel> {
    const name = requireName(model_name, 'model_name');
    return this.call(
      'GET /api/models/{model_name}',
      (init) => this.api.GET('/api/models/{model_name}', { params: { path: { model_name: name } }, ...init }),
      options,
    );
  }

  /**
   * Downloads a registered model's artifact to the cache, by stage or by run, streaming it to disk and
   * checking the service's SHA-256. A run's artifact is served from the cache without a request; a
   * stage asks the service which version is current, and only downloads when that version is not cached.
   */
  async downloadModel(
    params: DownloadModelParams,
    options: DownloadModelOptions = {},
  ): Promise<DownloadedModel> {
    const experiment_name = requireName(params?.experiment_name, 'experiment_name');
    const modelname = requireName(params.modelname, 'modelname');
    // The seed passes `run_id: ""` beside a stage: an empty run id means "none".
    const run_id =
      params.run_id === undefined || params.run_id === '' ? undefined : requireName(params.run_id, 'run_id');
    const stage = params.stage === undefined ? undefined : requireStage(params.stage);
    if ((run_id === undefined) === (stage === undefined)) {
      throw new DhuoValidationError(
        'stage',
        `exactly one of stage or run_id (e.g. { stage: 'Production' } or { run_id: '0c5e…' }), got ${run_id === undefined ? 'neither' : 'both'}`,
      );
    }
    const type_model =
      params.type_model === undefined ? undefined : requireName(params.type_model, 'type_model');
    const file = cacheSegment(params.batch_model_dir ?? 'model', 'batch_model_dir');
    const pathFor = (key: string) =>
      artifactPath(this.cacheDir, { experiment: experiment_name, model: modelname, key, file });

    if (run_id !== undefined && !options.force) {
      const path = pathFor(`run-${cacheSegment(run_id, 'run_id')}`);
      const cached = await readCached(path);
      if (cached) return { path, ...describeCached(cached), run_id: cached.run_id ?? run_id, cached: true };
    }

    const label = `GET /api/experiment/${options.legacyDownloadPath ? 'dowload' : 'download'}/batch/{experiment_name}/{model_name}`;
    const request = {
      params: {
        path: { experiment_name, model_name: modelname },
        query: {
          ...(stage ? { model_stage: stage } : {}),
          ...(run_id ? { run_id } : {}),
          ...(type_model ? { type_model } : {}),
        },
      },
      parseAs: 'stream' as const,
      ...this.init(options),
    };
    const { data, error, response } = options.legacyDownloadPath
      ? await this.api.GET('/api/experiment/dowload/batch/{experiment_name}/{model_name}', request)
      : await this.api.GET('/api/experiment/download/batch/{experiment_name}/{model_name}', request);
    if (!response.ok) throw this.apiError(label, response, error);

    const header = (name: string) => response.headers.get(name)?.trim() || undefined;
    const model_version = header('x-dhuo-model-version');
    const announced = header('x-dhuo-checksum-sha256');
    const checksum = announced && checksumPattern.test(announced) ? announced.toLowerCase() : undefined;
    const served_run = header('x-dhuo-run-id') ?? run_id;
    const served_type = header('x-dhuo-type-model') ?? type_model;
    const key =
      run_id !== undefined
        ? `run-${cacheSegment(run_id, 'run_id')}`
        : model_version !== undefined
          ? `v${cacheSegment(model_version, 'model_version')}`
          : `stage-${stage}`;
    const path = pathFor(key);
    const body = (data as ReadableStream<Uint8Array> | undefined) ?? new Blob([]).stream();

    // A run's cache entry was looked up before the request; a stage's version is known only now.
    if (!options.force && run_id === undefined && model_version !== undefined) {
      const cached = await readCached(path);
      if (cached && (checksum === undefined || cached.sha256 === checksum)) {
        void body.cancel().catch(() => undefined);
        return { path, ...describeCached(cached), cached: true };
      }
    }

    const length = Number(response.headers.get('content-length'));
    const { sha256, size } = await streamToFile(body, path, {
      expectedSha256: checksum,
      total: Number.isFinite(length) && length > 0 ? length : undefined,
      onProgress: options.onProgress,
      signal: options.signal,
      what: `download of model ${modelname} (${key})`,
      requestId: requestIdOf(response),
    });
    await writeCached(path, {
      sha256,
      model_version,
      run_id: served_run,
      type_model: served_type,
      size,
      downloaded_at: new Date().toISOString(),
    });
    return { path, sha256, model_version, run_id: served_run, type_model: served_type, cached: false };
  }

  /** Predicts rows (CSV text with a header line) with a registered model, on the service. */
  async predictOnline(
    params: {
      modelname: string;
      stage?: Stage | undefined;
      run_id?: string | undefined;
      experiment_name?: string | undefined;
      type_model?: string | undefined;
      data: string | Blob | Uint8Array;
    },
    options?: RequestOptions,
  ): Promise<PredictOnlineResponse> {
    const modelname = requireName(params?.modelname, 'modelname');
    const stage = params.stage === undefined ? undefined : requireStage(params.stage);
    const data = params.data;
    const size = typeof data === 'string' ? data.length : data instanceof Blob ? data.size : data?.byteLength;
    if (!(typeof data === 'string' || data instanceof Blob || data instanceof Uint8Array) || size === 0) {
      throw new DhuoValidationError(
        'data',
        'non-empty CSV text (a string, Blob or Uint8Array) with a header line',
        describeValue(data),
      );
    }
    const form = new FormData();
    form.append('modelname', modelname);
    if (stage) form.append('stage', stage);
    for (const name of ['run_id', 'experiment_name', 'type_model'] as const) {
      const value = params[name];
      if (value !== undefined && value !== '') form.append(name, requireName(value, name));
    }
    form.append('data', data instanceof Blob ? data : new Blob([data], { type: 'text/csv' }), 'data.csv');
    return this.call(
      'POST /api/experiment/predict_online',
      (init) => this.api.POST('/api/experiment/predict_online', { body: form as never, ...init }),
      options,
    );
  }

  /**
   * Predicts every row of a DataFrame locally with the model registered at `stage` (or for `run_id`):
   * downloads the artifact, loads it with the runtime named by `type_model` (`onnx`, `ml-random-forest`
   * or one added with `registerModelRuntime`), checks the columns the model needs, and predicts in chunks.
   * Returns one prediction per row, in row order (with `{ probabilities: true }`, also class probabilities).
   *
   * @example
   * const predictions = await client.predictionBatchWithDataframe(
   *   { modelname: 'iris-classification', experiment_name: 'iris-classification', stage: 'Production', type_model: 'onnx' },
   *   df,
   *   { onProgress: ({ rows_done, rows_total }) => console.log(rows_done, rows_total) },
   * );
   */
  predictionBatchWithDataframe(
    batch_params: BatchPredictionParams,
    df: PredictionFrame,
    options?: BatchPredictionOptions & { probabilities?: false },
  ): Promise<Prediction[]>;
  predictionBatchWithDataframe(
    batch_params: BatchPredictionParams,
    df: PredictionFrame,
    options: BatchPredictionOptions & { probabilities: true },
  ): Promise<BatchPredictionWithProbabilities>;
  predictionBatchWithDataframe(
    batch_params: BatchPredictionParams,
    df: PredictionFrame,
    options?: BatchPredictionOptions,
  ): Promise<Prediction[] | BatchPredictionWithProbabilities> {
    return predictBatchWithDataframe(this, batch_params, df, options);
  }
}

/** openapi-fetch init for a multipart body streamed by the SDK (typed bodies do not describe streams). */
function streamedBody(body: MultipartBody, init: CallInit) {
  return {
    ...init,
    body: body.stream as never,
    duplex: 'half' as const,
    headers: {
      ...init.headers,
      'Content-Type': body.contentType,
      'Content-Length': String(body.contentLength),
    },
  };
}

function searchQuery(params: SearchParams, page_token: string | undefined) {
  if (params.filter_string !== undefined && typeof params.filter_string !== 'string') {
    throw new DhuoValidationError(
      'filter_string',
      'an MLflow filter string, e.g. "name = \'iris\'"',
      describeValue(params.filter_string),
    );
  }
  const max_results =
    params.max_results === undefined ? undefined : requireInteger(params.max_results, 'max_results', 1, 1000);
  return {
    ...(params.filter_string ? { filter_string: params.filter_string } : {}),
    ...(max_results !== undefined ? { max_results } : {}),
    ...(page_token ? { page_token } : {}),
  };
}

function describeCached(cached: Awaited<ReturnType<typeof readCached>> & object) {
  return {
    sha256: cached.sha256,
    model_version: cached.model_version,
    run_id: cached.run_id,
    type_model: cached.type_model,
  };
}
