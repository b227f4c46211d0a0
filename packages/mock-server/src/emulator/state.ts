import type { components } from '@dhuolib/sdk/generated';
import type { Stage } from './params.js';

type Schemas = components['schemas'];

/** An experiment as stored. */
export type ExperimentRecord = Schemas['Experiment'];

/** A run's artifact as stored: the spec's fields plus where it lives under dataDir. */
export interface ArtifactRecord {
  file_name: Schemas['FileName'];
  size: number;
  sha256: string;
  /** Path relative to dataDir. */
  path: string;
}

/** A run as stored. */
export interface RunRecord {
  run_id: string;
  experiment_id: string;
  experiment_name: string;
  type_model: string;
  model_uri: string;
  status: 'RUNNING' | 'FINISHED' | 'FAILED';
  start_time: number;
  end_time: number | null;
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
  artifacts: ArtifactRecord[];
}

/** A chunked upload in progress (or complete and not yet consumed by a run). */
export interface UploadRecord {
  upload_id: string;
  experiment_name: string;
  file_name: Schemas['FileName'];
  received_bytes: number;
  total_size: number | null;
  sha256: string;
  /** Path relative to dataDir. */
  path: string;
  created_at: number;
  updated_at: number;
}

/** One stage change of a version. */
export interface TransitionRecord {
  from_stage: Stage;
  to_stage: Stage;
  timestamp: number;
}

/** A registered model version. */
export interface VersionRecord {
  model_version: string;
  run_id: string;
  model_uri: string;
  previous_stage: Stage;
  current_stage: Stage;
  last_updated_timestamp: number;
  creation_timestamp: number;
  tags: Record<string, string>;
  history: TransitionRecord[];
}

/** A registered model with its versions. */
export interface ModelRecord {
  model_name: string;
  creation_time: number;
  last_update_time: number;
  tags: Record<string, string>;
  versions: VersionRecord[];
}

/** A deploy: the script and requirements are files under `dir`. */
export interface DeployRecord {
  deploy_id: number;
  project_name: string;
  script_filename: string;
  script_sha256: string;
  created_at: string;
  status: 'DEPLOYED';
  /** Directory relative to dataDir. */
  dir: string;
}

/** A batch project. */
export interface ProjectRecord {
  project_name: string;
  created_at: string;
  cluster: Schemas['Cluster'] | null;
  schedule: { schedule_interval: string; created_at: string } | null;
  deploys: DeployRecord[];
  status_log: Schemas['PipelineStatusEntry'][];
}

/** A batch run as stored. */
export type BatchRunRecord = Required<Schemas['BatchRun']>;

/** Everything the emulator remembers, persisted as one JSON file. */
export interface EmulatorState {
  version: 1;
  seq: { experiment: number; deploy: number; batch_run: number };
  experiments: ExperimentRecord[];
  runs: RunRecord[];
  uploads: UploadRecord[];
  models: ModelRecord[];
  projects: ProjectRecord[];
  batch_runs: BatchRunRecord[];
  /** Idempotency-Key → first answer, per operation. */
  idempotency: Record<string, { status: number; body: unknown }>;
}

/** A fresh, empty state. */
export function emptyState(): EmulatorState {
  return {
    version: 1,
    seq: { experiment: 0, deploy: 0, batch_run: 0 },
    experiments: [],
    runs: [],
    uploads: [],
    models: [],
    projects: [],
    batch_runs: [],
    idempotency: {},
  };
}
