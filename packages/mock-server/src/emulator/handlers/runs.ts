import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid, notFound } from '../api-error.js';
import type { Emulator } from '../emulator.js';
import type { Handler, HandlerContext } from '../handler.js';
import { readJson } from '../http-io.js';
import { applyFilter, type FilterSchema, parseFilter } from '../mlflow-filter.js';
import { isMultipart, readMultipart } from '../multipart.js';
import { paginate } from '../page-token.js';
import { optionalInteger, optionalString, optionalTags, requiredString } from '../params.js';
import type { ArtifactRecord, ExperimentRecord, RunRecord, UploadRecord } from '../state.js';
import { FILE_NAMES } from './uploads.js';

const RUN_FILTER: FilterSchema = {
  attributes: {
    run_id: 'string',
    status: 'string',
    type_model: 'string',
    model_uri: 'string',
    experiment_id: 'string',
    start_time: 'number',
    end_time: 'number',
  },
  keyed: { tags: 'string', params: 'string', metrics: 'number' },
};

/** The spec's view of a stored run (paths stay private). */
export function runView(r: RunRecord): Record<string, unknown> {
  return {
    ...r,
    artifacts: r.artifacts.map(({ file_name, size, sha256 }) => ({ file_name, size, sha256 })),
  };
}

function newRun(exp: ExperimentRecord, typeModel: string, tags: Record<string, string>): RunRecord {
  const runId = randomBytes(16).toString('hex');
  const now = Date.now();
  return {
    run_id: runId,
    experiment_id: exp.experiment_id,
    experiment_name: exp.experiment_name,
    type_model: typeModel,
    model_uri: `runs:/${runId}/model`,
    status: 'FINISHED',
    start_time: now,
    end_time: now,
    metrics: {},
    params: {},
    tags,
    artifacts: [],
  };
}

function isComplete(u: UploadRecord): boolean {
  return u.total_size === null || u.received_bytes === u.total_size;
}

async function createRunFromUploads(emu: Emulator, ctx: HandlerContext): Promise<RunRecord> {
  const body = await readJson(ctx.req, emu.config.maxBodyBytes);
  const typeModel = requiredString(body, 'type_model');
  const experimentName = requiredString(body, 'experiment_name');
  const tags = optionalTags(body, 'tags');
  const refs = body.uploads ?? {};
  if (typeof refs !== 'object' || refs === null || Array.isArray(refs)) {
    throw invalid('uploads', 'uploads must be an object keyed by modelpkl_path and requirements_path');
  }
  const exp = emu.experimentByName(experimentName);
  const chosen: UploadRecord[] = [];
  // Pinned uploads are checked first, so their errors win over a missing fallback.
  const order = [...FILE_NAMES].sort((a, b) => Number(b in refs) - Number(a in refs));
  for (const fileName of order) {
    const ref = (refs as Record<string, unknown>)[fileName] as Record<string, unknown> | undefined;
    const param = `uploads.${fileName}`;
    let up: UploadRecord | undefined;
    if (ref !== undefined) {
      if (typeof ref !== 'object' || ref === null)
        throw invalid(param, `${param} must be {upload_id, sha256?, size?}`);
      const id = requiredString(ref, 'upload_id');
      up = emu.state.uploads.find((u) => u.upload_id === id);
      if (!up) throw notFound(`${param}.upload_id`, `No upload ${id}; send the file with upload_chunk first`);
      if (up.experiment_name !== experimentName || up.file_name !== fileName) {
        throw invalid(
          `${param}.upload_id`,
          `Upload ${id} is ${up.experiment_name}/${up.file_name}, not ${experimentName}/${fileName}`,
        );
      }
      if (!isComplete(up)) {
        throw invalid(
          `${param}.upload_id`,
          `Upload ${id} has ${up.received_bytes} of ${up.total_size} bytes; send the rest first`,
        );
      }
      const sha = optionalString(ref, 'sha256');
      if (sha !== undefined && sha !== up.sha256) {
        throw invalid(
          `${param}.sha256`,
          `The uploaded file's SHA-256 is ${up.sha256}, not ${sha}; upload it again`,
        );
      }
      const size = optionalInteger(ref, 'size', 0);
      if (size !== undefined && size !== up.received_bytes) {
        throw invalid(`${param}.size`, `The uploaded file has ${up.received_bytes} bytes, not ${size}`);
      }
    } else {
      up = [...emu.state.uploads]
        .reverse()
        .find((u) => u.experiment_name === experimentName && u.file_name === fileName && isComplete(u));
      if (!up && fileName === 'modelpkl_path') {
        throw invalid(
          param,
          `No complete upload of modelpkl_path for ${experimentName}; send it with upload_chunk first`,
        );
      }
    }
    if (up) chosen.push(up);
  }
  const run = newRun(exp, typeModel, tags);
  const dir = join(emu.config.dataDir, 'runs', run.run_id);
  await mkdir(dir, { recursive: true });
  for (const up of chosen) {
    const rel = join('runs', run.run_id, up.file_name);
    await rename(join(emu.config.dataDir, up.path), join(emu.config.dataDir, rel));
    run.artifacts.push({ file_name: up.file_name, size: up.received_bytes, sha256: up.sha256, path: rel });
    emu.uploadHashes.delete(up.upload_id);
  }
  emu.state.uploads = emu.state.uploads.filter((u) => !chosen.includes(u));
  return run;
}

async function createRunFromMultipart(emu: Emulator, ctx: HandlerContext): Promise<RunRecord> {
  const { fields, files } = await readMultipart(ctx.req, {
    maxFileBytes: emu.config.maxChunkBytes,
    fileFields: [...FILE_NAMES],
  });
  const typeModel = requiredString(fields, 'type_model');
  const experimentId = requiredString(fields, 'experiment_id');
  const model = files.modelpkl_path;
  if (!model) throw invalid('modelpkl_path', 'Send the model file as the part named modelpkl_path');
  const exp = emu.state.experiments.find((e) => e.experiment_id === experimentId);
  if (!exp) throw notFound('experiment_id', `No experiment with id ${experimentId}`);
  const run = newRun(exp, typeModel, {});
  const dir = join(emu.config.dataDir, 'runs', run.run_id);
  await mkdir(dir, { recursive: true });
  for (const fileName of FILE_NAMES) {
    const bytes = files[fileName];
    if (!bytes) continue;
    const rel = join('runs', run.run_id, fileName);
    await writeFile(join(emu.config.dataDir, rel), bytes);
    const art: ArtifactRecord = {
      file_name: fileName,
      size: bytes.length,
      sha256: emu.newHash().update(bytes).digest('hex'),
      path: rel,
    };
    run.artifacts.push(art);
  }
  return run;
}

/** POST /api/runs — JSON (after upload_chunk) or the 0.5.x multipart form. */
export const createRun: Handler = async (ctx) => {
  const { emu } = ctx;
  const run = isMultipart(ctx.req)
    ? await createRunFromMultipart(emu, ctx)
    : await createRunFromUploads(emu, ctx);
  emu.state.runs.push(run);
  const exp = emu.state.experiments.find((e) => e.experiment_id === run.experiment_id);
  if (exp) exp.last_update_time = Date.now();
  emu.save();
  return { status: 200, body: runView(run) };
};

/** GET /api/runs/{experiment_name} — 204 when the experiment does not exist. */
export const searchRuns: Handler = async ({ emu, params, query }) => {
  const filter = parseFilter(optionalString(query, 'filter_string'), RUN_FILTER);
  const max = optionalInteger(query, 'max_results', 1, 1000) ?? 10;
  const name = params.experiment_name as string;
  const exp = emu.state.experiments.find((e) => e.experiment_name === name);
  if (!exp) return { status: 204 };
  const runs = emu.state.runs
    .filter((r) => r.experiment_id === exp.experiment_id)
    .map((r, i) => [r, i] as const)
    .sort((a, b) => b[0].start_time - a[0].start_time || b[1] - a[1])
    .map(([r]) => r);
  const matched = applyFilter(runs, filter, (r, entity, key) => {
    if (entity === 'tags') return r.tags[key];
    if (entity === 'params') return r.params[key];
    if (entity === 'metrics') return r.metrics[key];
    return r[key as keyof RunRecord] as string | number | null;
  });
  const { page, next_page_token } = paginate(matched, max, optionalString(query, 'page_token'));
  return { status: 200, body: { runs: page.map(runView), next_page_token } };
};

/** GET /api/runs/{experiment_name}/{run_id} */
export const getRun: Handler = async ({ emu, params }) => {
  const exp = emu.experimentByName(params.experiment_name as string);
  const run = emu.state.runs.find((r) => r.run_id === params.run_id && r.experiment_id === exp.experiment_id);
  if (!run) throw notFound('run_id', `No run ${params.run_id} in experiment ${exp.experiment_name}`);
  return { status: 200, body: runView(run) };
};
