import type { Handler } from './handler.js';
import { downloadModel, downloadModelLegacy } from './handlers/download.js';
import { createExperiment, getExperiment, searchExperiments } from './handlers/experiments.js';
import { getHealth, verifyToken } from './handlers/health.js';
import {
  createModel,
  getModel,
  searchModels,
  transitionModel,
  transitionModelLegacy,
} from './handlers/models.js';
import {
  batchRun,
  createCluster,
  createProject,
  deployProject,
  getBatchRun,
  getProject,
  pipelineStatus,
  removeSchedule,
  scheduleBatchRun,
} from './handlers/platform.js';
import { predictOnline } from './handlers/predict.js';
import { createRun, getRun, searchRuns } from './handlers/runs.js';
import { uploadChunk } from './handlers/uploads.js';
import type { OperationId } from './routes.js';

/** The handler of every spec operation (the type makes a missing one a compile error). */
export const OPERATIONS: Record<OperationId, Handler> = {
  getHealth,
  verifyToken,
  createExperiment,
  searchExperiments,
  getExperiment,
  predictOnline,
  downloadModel,
  downloadModelLegacy,
  createRun,
  uploadChunk,
  searchRuns,
  getRun,
  createModel,
  searchModels,
  getModel,
  transitionModelLegacy,
  transitionModel,
  createProject,
  getProject,
  deployProject,
  pipelineStatus,
  createCluster,
  batchRun,
  getBatchRun,
  scheduleBatchRun,
  removeSchedule,
};

/** Operations that need no token. */
export const PUBLIC_OPERATIONS: ReadonlySet<OperationId> = new Set(['getHealth']);

/** Operations that honour `Idempotency-Key`. */
export const IDEMPOTENT_OPERATIONS: ReadonlySet<OperationId> = new Set([
  'createExperiment',
  'createRun',
  'createModel',
  'transitionModel',
  'batchRun',
]);
