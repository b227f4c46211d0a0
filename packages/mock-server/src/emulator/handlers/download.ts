import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { invalid, notFound } from '../api-error.js';
import type { Emulator } from '../emulator.js';
import type { Handler } from '../handler.js';
import { optionalString, type Stage, stageParam } from '../params.js';
import { resolveVersion } from '../registry.js';
import type { ArtifactRecord, RunRecord, VersionRecord } from '../state.js';

/** The model artifact a download or prediction serves. */
export interface ResolvedArtifact {
  version: VersionRecord;
  run: RunRecord;
  artifact: ArtifactRecord;
  /** Absolute path of the artifact file. */
  file: string;
}

/** Resolves model + stage/run to the run's model artifact; 404/400 naming the parameter at fault. */
export function resolveArtifact(
  emu: Emulator,
  modelName: string,
  stage: Stage | undefined,
  runId: string | undefined,
  typeModel: string | undefined,
  names: { model: string; stage: string },
): ResolvedArtifact {
  const model = emu.modelByName(modelName, names.model);
  const version = resolveVersion(model, stage, runId, names.stage);
  const run = emu.state.runs.find((r) => r.run_id === version.run_id);
  if (!run)
    throw notFound(
      'run_id',
      `The run ${version.run_id} of ${modelName} version ${version.model_version} is gone`,
    );
  if (typeModel !== undefined && typeModel !== '' && typeModel !== run.type_model) {
    throw invalid(
      'type_model',
      `Model ${modelName} version ${version.model_version} is ${run.type_model}, not ${typeModel}`,
    );
  }
  const artifact = run.artifacts.find((a) => a.file_name === 'modelpkl_path');
  if (!artifact) throw notFound('run_id', `Run ${run.run_id} has no model artifact`);
  return { version, run, artifact, file: join(emu.config.dataDir, artifact.path) };
}

/** GET /api/experiment/download/batch/{experiment_name}/{model_name} (and the `dowload` spelling). */
export const downloadModel: Handler = async ({ emu, params, query, res }) => {
  emu.experimentByName(params.experiment_name as string);
  const stage = stageParam(query, 'model_stage');
  const runId = optionalString(query, 'run_id');
  const typeModel = optionalString(query, 'type_model');
  const { version, run, artifact, file } = resolveArtifact(
    emu,
    params.model_name as string,
    stage,
    runId,
    typeModel,
    {
      model: 'model_name',
      stage: 'model_stage',
    },
  );
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Length', artifact.size);
  res.setHeader('X-Dhuo-Checksum-Sha256', artifact.sha256);
  res.setHeader('X-Dhuo-Model-Version', version.model_version);
  res.setHeader('X-Dhuo-Run-Id', run.run_id);
  res.setHeader('X-Dhuo-Type-Model', run.type_model);
  await pipeline(createReadStream(file), res);
  return 'sent';
};

/** The deprecated path an old release spelled `dowload`. */
export const downloadModelLegacy: Handler = async (ctx) => {
  ctx.res.setHeader('Deprecation', 'true');
  return downloadModel(ctx);
};
