import { invalid, notFound } from './api-error.js';
import type { Stage } from './params.js';
import type { ModelRecord, VersionRecord } from './state.js';

/** The spec's `ModelVersion` view of a stored version. */
export function versionView(model: ModelRecord, v: VersionRecord): Record<string, unknown> {
  return {
    model_version: v.model_version,
    model_version_name: model.model_name,
    run_id: v.run_id,
    model_uri: v.model_uri,
    previous_stage: v.previous_stage,
    current_stage: v.current_stage,
    last_updated_timestamp: v.last_updated_timestamp,
    tags: v.tags,
    history: v.history,
  };
}

/** The latest version in each stage that has one. */
export function latestVersions(model: ModelRecord): VersionRecord[] {
  const byStage = new Map<Stage, VersionRecord>();
  for (const v of model.versions) {
    const cur = byStage.get(v.current_stage);
    if (!cur || Number(v.model_version) > Number(cur.model_version)) byStage.set(v.current_stage, v);
  }
  return [...byStage.values()].sort((a, b) => Number(a.model_version) - Number(b.model_version));
}

/** The spec's `RegisteredModel` view; `withVersions` adds every version (getModel). */
export function modelView(model: ModelRecord, withVersions: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    model_id: model.model_name,
    model_name: model.model_name,
    creation_time: model.creation_time,
    last_update_time: model.last_update_time,
    tags: model.tags,
    latest_versions: latestVersions(model).map((v) => versionView(model, v)),
  };
  if (withVersions) view.versions = model.versions.map((v) => versionView(model, v));
  return view;
}

/** A version of a model by number, or 404 naming `version`. */
export function findVersion(model: ModelRecord, version: number | string): VersionRecord {
  const v = model.versions.find((x) => x.model_version === String(version));
  if (!v) throw notFound('version', `Model ${model.model_name} has no version ${version}`);
  return v;
}

/**
 * Moves a version to a stage, recording history. Moving to Production archives the other
 * Production versions unless `archiveExisting` is false; for Staging only when it is true.
 * Returns the versions it archived.
 */
export function transition(
  model: ModelRecord,
  v: VersionRecord,
  stage: Stage,
  archiveExisting: boolean | undefined,
  now = Date.now(),
): string[] {
  const archive = archiveExisting ?? stage === 'Production';
  const archived: string[] = [];
  if (archive && (stage === 'Production' || stage === 'Staging')) {
    for (const other of model.versions) {
      if (other !== v && other.current_stage === stage) {
        move(other, 'Archived', now);
        archived.push(other.model_version);
      }
    }
  }
  move(v, stage, now);
  model.last_update_time = now;
  return archived;
}

function move(v: VersionRecord, stage: Stage, now: number): void {
  v.history.push({ from_stage: v.current_stage, to_stage: stage, timestamp: now });
  v.previous_stage = v.current_stage;
  v.current_stage = stage;
  v.last_updated_timestamp = now;
}

/** Which version a download or prediction uses: `runId` wins, else the latest in `stage`. */
export function resolveVersion(
  model: ModelRecord,
  stage: Stage | undefined,
  runId: string | undefined,
  stageParamName = 'model_stage',
): VersionRecord {
  if (runId !== undefined && runId !== '') {
    const v = [...model.versions].reverse().find((x) => x.run_id === runId);
    if (!v) throw notFound('run_id', `Model ${model.model_name} has no version from run ${runId}`);
    return v;
  }
  if (!stage)
    throw invalid(stageParamName, `Give ${stageParamName} (None, Staging, Production, Archived) or run_id`);
  const latest = latestVersions(model).find((x) => x.current_stage === stage);
  if (!latest) throw notFound(stageParamName, `Model ${model.model_name} has no version in stage ${stage}`);
  return latest;
}
