import { invalid, notFound } from '../api-error.js';
import type { Emulator } from '../emulator.js';
import type { Handler } from '../handler.js';
import { readJson } from '../http-io.js';
import { applyFilter, type FilterSchema, parseFilter } from '../mlflow-filter.js';
import { paginate } from '../page-token.js';
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalTags,
  requiredString,
  type Stage,
  stageParam,
} from '../params.js';
import { findVersion, modelView, transition, versionView } from '../registry.js';
import type { ModelRecord, VersionRecord } from '../state.js';

const MODEL_FILTER: FilterSchema = {
  attributes: { name: 'string', model_name: 'string', creation_time: 'number', last_update_time: 'number' },
  keyed: { tags: 'string' },
};

/** POST /api/models — registers a run's model as the next version of `modelname`. */
export const createModel: Handler = async ({ emu, req }) => {
  const body = await readJson(req, emu.config.maxBodyBytes);
  const name = requiredString(body, 'modelname');
  const runId = requiredString(body, 'run_id');
  const modelUri = requiredString(body, 'model_uri');
  const stage = stageParam(body, 'stage', 'None') as Stage;
  const modeltag = optionalString(body, 'modeltag');
  const tags = optionalTags(body, 'tags');
  const archive = optionalBoolean(body, 'archive_existing_versions');
  const run = emu.state.runs.find((r) => r.run_id === runId);
  if (!run) throw notFound('run_id', `No run ${runId}; log one with POST /api/runs`);
  if (modelUri.startsWith('runs:/') && modelUri.split('/')[1] !== runId) {
    throw invalid(
      'model_uri',
      `model_uri ${modelUri} is not a model of run ${runId} (expected runs:/${runId}/model)`,
    );
  }
  const now = Date.now();
  let model = emu.state.models.find((m) => m.model_name === name);
  if (!model) {
    model = { model_name: name, creation_time: now, last_update_time: now, tags: {}, versions: [] };
    emu.state.models.push(model);
  }
  if (modeltag !== undefined) model.tags.modeltag = modeltag;
  Object.assign(model.tags, tags);
  const next = model.versions.reduce((m, v) => Math.max(m, Number(v.model_version)), 0) + 1;
  const version: VersionRecord = {
    model_version: String(next),
    run_id: runId,
    model_uri: modelUri,
    previous_stage: 'None',
    current_stage: 'None',
    last_updated_timestamp: now,
    creation_timestamp: now,
    tags: modeltag !== undefined ? { ...tags, modeltag } : tags,
    history: [],
  };
  model.versions.push(version);
  model.last_update_time = now;
  if (stage !== 'None') {
    transition(model, version, stage, archive, now);
    version.previous_stage = 'None';
  }
  emu.save();
  return { status: 200, body: versionView(model, version) };
};

/** GET /api/models/search — models sorted by name. */
export const searchModels: Handler = async ({ emu, query }) => {
  const filter = parseFilter(optionalString(query, 'filter_string'), MODEL_FILTER);
  const max = optionalInteger(query, 'max_results', 1, 1000) ?? 10;
  const sorted = [...emu.state.models].sort((a, b) => a.model_name.localeCompare(b.model_name));
  const matched = applyFilter(sorted, filter, (m: ModelRecord, entity, key) => {
    if (entity === 'tags') return m.tags[key];
    if (key === 'name') return m.model_name;
    return m[key as 'model_name' | 'creation_time' | 'last_update_time'];
  });
  const { page, next_page_token } = paginate(matched, max, optionalString(query, 'page_token'));
  return { status: 200, body: { models: page.map((m) => modelView(m, false)), next_page_token } };
};

/** GET /api/models/{model_name} */
export const getModel: Handler = async ({ emu, params }) => {
  const model = emu.modelByName(params.model_name as string);
  return { status: 200, body: modelView(model, true) };
};

function doTransition(emu: Emulator, name: string, input: Record<string, unknown>) {
  const version = optionalInteger(input, 'version', 1);
  if (version === undefined) throw invalid('version', 'version is required (an integer from 1)');
  const stage = stageParam(input, 'stage');
  if (!stage) throw invalid('stage', 'stage is required: None, Staging, Production or Archived');
  const archive = optionalBoolean(input, 'archive_existing_versions');
  const model = emu.modelByName(name);
  const v = findVersion(model, version);
  const archived = transition(model, v, stage, archive);
  emu.save();
  return {
    status: 200,
    body: {
      message: `Model ${model.model_name} version ${v.model_version} moved to ${stage}`,
      model_version: versionView(model, v),
      archived_versions: archived,
    },
  };
}

/** GET /api/models/transition-model/{model_name}?version&stage (the historical form). */
export const transitionModelLegacy: Handler = async ({ emu, params, query }) =>
  doTransition(emu, params.model_name as string, query);

/** POST /api/models/transition-model/{model_name} */
export const transitionModel: Handler = async ({ emu, params, req }) =>
  doTransition(emu, params.model_name as string, await readJson(req, emu.config.maxBodyBytes));
