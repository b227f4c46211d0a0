/** Every operation of openapi/dhuo.yaml: method, path template, operationId. */
export const ROUTES = [
  ['get', '/api/health', 'getHealth'],
  ['get', '/api/auth/verify', 'verifyToken'],
  ['post', '/api/experiment', 'createExperiment'],
  ['get', '/api/experiment/search', 'searchExperiments'],
  ['get', '/api/experiments/{experiment_id}', 'getExperiment'],
  ['post', '/api/experiment/predict_online', 'predictOnline'],
  ['get', '/api/experiment/download/batch/{experiment_name}/{model_name}', 'downloadModel'],
  ['get', '/api/experiment/dowload/batch/{experiment_name}/{model_name}', 'downloadModelLegacy'],
  ['post', '/api/runs', 'createRun'],
  ['post', '/api/runs/upload_chunk', 'uploadChunk'],
  ['get', '/api/runs/{experiment_name}', 'searchRuns'],
  ['get', '/api/runs/{experiment_name}/{run_id}', 'getRun'],
  ['post', '/api/models', 'createModel'],
  ['get', '/api/models/search', 'searchModels'],
  ['get', '/api/models/{model_name}', 'getModel'],
  ['get', '/api/models/transition-model/{model_name}', 'transitionModelLegacy'],
  ['post', '/api/models/transition-model/{model_name}', 'transitionModel'],
  ['post', '/api/project', 'createProject'],
  ['get', '/api/project/{project_name}', 'getProject'],
  ['post', '/api/deploy', 'deployProject'],
  ['get', '/api/deploy/{project_name}', 'pipelineStatus'],
  ['post', '/api/cluster', 'createCluster'],
  ['post', '/api/cluster/run', 'batchRun'],
  ['get', '/api/cluster/run/{project_name}/{batch_run_id}', 'getBatchRun'],
  ['post', '/api/cluster/schedule', 'scheduleBatchRun'],
  ['delete', '/api/cluster/schedule/{project_name}', 'removeSchedule'],
] as const;

/** An operationId of the spec. */
export type OperationId = (typeof ROUTES)[number][2];

/** A matched route: the operation and its decoded path parameters. */
export interface RouteMatch {
  operationId: OperationId;
  params: Record<string, string>;
}

interface Compiled {
  method: string;
  segments: string[];
  literals: number;
  operationId: OperationId;
}

const compiled: Compiled[] = ROUTES.map(([method, path, operationId]) => {
  const segments = path.split('/').slice(1);
  return { method, segments, literals: segments.filter((s) => !s.startsWith('{')).length, operationId };
}).sort((a, b) => b.literals - a.literals);

/** Finds the operation for a method and path; `methodMismatch` when only the method is wrong. */
export function matchRoute(
  method: string,
  pathname: string,
): RouteMatch | { methodMismatch: true } | undefined {
  const parts = pathname.split('/').slice(1);
  let pathMatched = false;
  for (const route of compiled) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const seg = route.segments[i] as string;
      const part = parts[i] as string;
      if (seg.startsWith('{')) {
        if (part === '') {
          ok = false;
          break;
        }
        try {
          params[seg.slice(1, -1)] = decodeURIComponent(part);
        } catch {
          ok = false;
          break;
        }
      } else if (seg !== part) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (route.method !== method.toLowerCase()) {
      pathMatched = true;
      continue;
    }
    return { operationId: route.operationId, params };
  }
  return pathMatched ? { methodMismatch: true } : undefined;
}
