import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DhuoBaseClient, type DhuoClientOptions } from './core/base-client.js';
import { DhuoAbortError, DhuoTimeoutError, DhuoValidationError } from './core/errors.js';
import type { RequestOptions } from './core/request-options.js';
import { sleep } from './core/retry.js';
import { describeValue, optionalMilliseconds, requireFile, requireInteger } from './core/validation.js';
import { clusterCluster_nameValues, clusterSizeValues } from './generated/dhuo.js';
import { nextCronRuns } from './schedule.js';
import type {
  BatchRun,
  Cluster,
  ClusterSize,
  Deploy,
  Message,
  PipelineStatusEntry,
  Project,
  Schedule,
} from './types.js';

/** Options of {@link DhuolibPlatformClient}. */
export interface DhuolibPlatformClientOptions extends DhuoClientOptions {
  /** The batch project every call works on, unless the call names another. */
  projectName?: string | undefined;
}

/** A cluster size: 1, 2, 3 or its name. */
export type ClusterSizeInput = ClusterSize | 'SMALL' | 'MEDIUM' | 'LARGE';

/** Names a project for one call (else the client's `projectName`). */
export interface ProjectParam {
  /** The batch project (default: the client's `projectName`). */
  project_name?: string | undefined;
}

/** The service's schedule plus the runs the SDK computed from the cron before sending it. */
export type ScheduleResult = Schedule & {
  /** The next runs the expression implies, computed locally (UTC) before the request. */
  expected_next_runs: string[];
};

/** Options of {@link DhuolibPlatformClient.waitForBatchRun}. */
export interface WaitForBatchRunOptions extends RequestOptions, ProjectParam {
  /** Give up after this many ms (default 600 000); the per-request timeout stays `timeout`. */
  maxWait?: number | undefined;
  /** Ms between polls (default 1000). */
  pollInterval?: number | undefined;
  /** Called whenever the run's status changes. */
  onStatus?: ((run: BatchRun) => void) | undefined;
}

const projectNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const scriptNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(py|js|mjs|ts)$/;
const finished = new Set(['SUCCEEDED', 'FAILED']);

/**
 * Batch projects on the Dhuo platform: deploys, clusters, runs and schedules.
 *
 * @example
 * const platform = new DhuolibPlatformClient({ serviceEndpoint: 'http://localhost:8000', projectName: 'iris-batch' });
 * await platform.createCluster(1);
 * await platform.batchRun();
 */
export class DhuolibPlatformClient extends DhuoBaseClient {
  /** The project calls work on when they do not name one; `createBatchProject` sets it when unset. */
  projectName: string | undefined;

  constructor(options: DhuolibPlatformClientOptions = {}) {
    super(options);
    this.projectName =
      options.projectName === undefined ? undefined : requireProjectName(options.projectName, 'projectName');
  }

  /** Creates a batch project (a 409 `DhuoConflictError` when it exists) and makes it the client's project if none was set. */
  async createBatchProject(project_name?: string, options?: RequestOptions): Promise<Project> {
    const name = this.#project(project_name);
    const project = await this.call(
      'POST /api/project',
      (init) => this.api.POST('/api/project', { body: { project_name: name }, ...init }),
      options,
    );
    this.projectName ??= name;
    return project;
  }

  /** Reads a project with its cluster, schedule and deploy count. */
  async getProject(params: ProjectParam = {}, options?: RequestOptions): Promise<Project> {
    const project_name = this.#project(params.project_name);
    return this.call(
      'GET /api/project/{project_name}',
      (init) => this.api.GET('/api/project/{project_name}', { params: { path: { project_name } }, ...init }),
      options,
    );
  }

  /** Deploys a batch script and its requirements file (read from disk) to the project. */
  async deployBatchProject(
    params: { script_filename: string; requirements_filename: string } & ProjectParam,
    options?: RequestOptions,
  ): Promise<Deploy> {
    const project_name = this.#project(params?.project_name);
    const script = await requireFile(params.script_filename, 'script_filename');
    const requirements = await requireFile(params.requirements_filename, 'requirements_filename');
    const script_filename = basename(script.path);
    if (!scriptNamePattern.test(script_filename)) {
      throw new DhuoValidationError(
        'script_filename',
        'a script whose name ends in .py, .js, .mjs or .ts (letters, digits, . _ -)',
        JSON.stringify(script_filename),
      );
    }
    const [run_script_content, requirements_content] = await Promise.all([
      readFile(script.path, 'utf8'),
      readFile(requirements.path, 'utf8'),
    ]);
    if (run_script_content.length === 0) {
      throw new DhuoValidationError('script_filename', `a non-empty script, but ${script.path} is empty`);
    }
    return this.call(
      'POST /api/deploy',
      (init) =>
        this.api.POST('/api/deploy', {
          body: { project_name, run_script_content, requirements_content, script_filename },
          ...init,
        }),
      options,
    );
  }

  /** The project's pipeline status log: `{ date, step, status, ... }`, oldest first. */
  async pipelineStatusReport(
    params: ProjectParam = {},
    options?: RequestOptions,
  ): Promise<PipelineStatusEntry[]> {
    const project_name = this.#project(params.project_name);
    return this.call(
      'GET /api/deploy/{project_name}',
      (init) => this.api.GET('/api/deploy/{project_name}', { params: { path: { project_name } }, ...init }),
      options,
    );
  }

  /** Creates (or resizes) the project's cluster: 1 SMALL, 2 MEDIUM, 3 LARGE. */
  async createCluster(
    cluster_size: ClusterSizeInput,
    params: ProjectParam = {},
    options?: RequestOptions,
  ): Promise<Cluster> {
    const size = clusterSize(cluster_size);
    const project_name = this.#project(params.project_name);
    return this.call(
      'POST /api/cluster',
      (init) => this.api.POST('/api/cluster', { body: { project_name, cluster_size: size }, ...init }),
      options,
    );
  }

  /** Starts a run of the deployed script on the project's cluster (safe to retry: it carries an idempotency key). */
  async batchRun(params: ProjectParam = {}, options?: RequestOptions): Promise<BatchRun> {
    const project_name = this.#project(params.project_name);
    return this.call(
      'POST /api/cluster/run',
      (init) =>
        this.api.POST('/api/cluster/run', {
          params: { header: { 'Idempotency-Key': this.idempotencyKey(options) } },
          body: { project_name },
          ...init,
        }),
      options,
    );
  }

  /** Reads one batch run with its status and output. */
  async getBatchRun(
    batch_run_id: number,
    params: ProjectParam = {},
    options?: RequestOptions,
  ): Promise<BatchRun> {
    const id = requireInteger(batch_run_id, 'batch_run_id', 1);
    const project_name = this.#project(params.project_name);
    return this.call(
      'GET /api/cluster/run/{project_name}/{batch_run_id}',
      (init) =>
        this.api.GET('/api/cluster/run/{project_name}/{batch_run_id}', {
          params: { path: { project_name, batch_run_id: id } },
          ...init,
        }),
      options,
    );
  }

  /** Polls a batch run until it SUCCEEDED or FAILED and returns it (check `status`). */
  async waitForBatchRun(batch_run_id: number, options: WaitForBatchRunOptions = {}): Promise<BatchRun> {
    const id = requireInteger(batch_run_id, 'batch_run_id', 1);
    const maxWait = optionalMilliseconds(options.maxWait, 'maxWait') ?? 600_000;
    const pollInterval = optionalMilliseconds(options.pollInterval, 'pollInterval') ?? 1000;
    const project_name = this.#project(options.project_name);
    const deadline = Date.now() + maxWait;
    let last: string | undefined;
    for (;;) {
      const run = await this.getBatchRun(id, { project_name }, options);
      if (run.status !== last) {
        last = run.status;
        options.onStatus?.(run);
      }
      if (finished.has(run.status)) return run;
      if (Date.now() + pollInterval > deadline) {
        throw new DhuoTimeoutError(
          `batch run ${id} of ${project_name} is still ${run.status} after ${maxWait} ms; raise maxWait or check pipelineStatusReport()`,
        );
      }
      try {
        await sleep(pollInterval, options.signal);
      } catch (cause) {
        throw new DhuoAbortError(`waiting for batch run ${id} was aborted`, { cause });
      }
    }
  }

  /**
   * Schedules the project's runs with a cron expression (five fields, or six with seconds first),
   * checked before sending; the
   * result lists the next runs it implies (`expected_next_runs`, computed locally in UTC).
   */
  async scheduleBatchRun(
    params: { schedule_interval: string } & ProjectParam,
    options?: RequestOptions,
  ): Promise<ScheduleResult> {
    const expected_next_runs = nextCronRuns(params?.schedule_interval);
    const project_name = this.#project(params.project_name);
    const schedule_interval = params.schedule_interval.trim().split(/\s+/).join(' ');
    const schedule = await this.call(
      'POST /api/cluster/schedule',
      (init) =>
        this.api.POST('/api/cluster/schedule', { body: { project_name, schedule_interval }, ...init }),
      options,
    );
    return { ...schedule, expected_next_runs };
  }

  /** Removes the project's schedule. */
  async removeSchedule(params: ProjectParam = {}, options?: RequestOptions): Promise<Message> {
    const project_name = this.#project(params.project_name);
    return this.call(
      'DELETE /api/cluster/schedule/{project_name}',
      (init) =>
        this.api.DELETE('/api/cluster/schedule/{project_name}', {
          params: { path: { project_name } },
          ...init,
        }),
      options,
    );
  }

  #project(name: string | undefined): string {
    if (name === undefined && this.projectName === undefined) {
      throw new DhuoValidationError(
        'project_name',
        'a project name: pass projectName to new DhuolibPlatformClient() or project_name to this call',
      );
    }
    return requireProjectName(name ?? this.projectName, 'project_name');
  }
}

function requireProjectName(value: unknown, param: string): string {
  if (typeof value !== 'string' || !projectNamePattern.test(value) || value.length > 128) {
    throw new DhuoValidationError(
      param,
      'a project name of 1–128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      describeValue(value),
    );
  }
  return value;
}

function clusterSize(value: unknown): ClusterSize {
  if (typeof value === 'string') {
    const index = (clusterCluster_nameValues as readonly string[]).indexOf(value.toUpperCase());
    if (index !== -1) return clusterSizeValues[index] as ClusterSize;
  }
  if (typeof value === 'number' && (clusterSizeValues as readonly number[]).includes(value))
    return value as ClusterSize;
  throw new DhuoValidationError('cluster_size', '1 (SMALL), 2 (MEDIUM) or 3 (LARGE)', describeValue(value));
}
