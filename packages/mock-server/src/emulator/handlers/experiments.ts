import { invalid, notFound } from '../api-error.js';
import type { Handler } from '../handler.js';
import { readJson } from '../http-io.js';
import { applyFilter, type FilterSchema, parseFilter } from '../mlflow-filter.js';
import { paginate } from '../page-token.js';
import { optionalInteger, optionalString, optionalTags, requiredString } from '../params.js';
import type { ExperimentRecord } from '../state.js';

const EXPERIMENT_FILTER: FilterSchema = {
  attributes: {
    name: 'string',
    experiment_name: 'string',
    experiment_id: 'string',
    lifecycle_stage: 'string',
    creation_time: 'number',
    last_update_time: 'number',
  },
  keyed: { tags: 'string' },
};

function lookup(e: ExperimentRecord, entity: string, key: string): string | number | undefined {
  if (entity === 'tags') return e.tags[key];
  if (key === 'name') return e.experiment_name;
  return e[key as keyof ExperimentRecord] as string | number | undefined;
}

/** POST /api/experiment — the same name returns the existing experiment unchanged. */
export const createExperiment: Handler = async ({ emu, req }) => {
  const body = await readJson(req, emu.config.maxBodyBytes);
  const name = requiredString(body, 'experiment_name');
  const tags = optionalTags(body, 'experiment_tags');
  const existing = emu.state.experiments.find((e) => e.experiment_name === name);
  if (existing) return { status: 200, body: existing };
  const now = Date.now();
  const exp: ExperimentRecord = {
    experiment_id: String(++emu.state.seq.experiment),
    experiment_name: name,
    lifecycle_stage: 'active',
    creation_time: now,
    last_update_time: now,
    tags,
  };
  emu.state.experiments.push(exp);
  emu.save();
  return { status: 200, body: exp };
};

/** GET /api/experiment/search */
export const searchExperiments: Handler = async ({ emu, query }) => {
  const filter = parseFilter(optionalString(query, 'filter_string'), EXPERIMENT_FILTER);
  const max = optionalInteger(query, 'max_results', 1, 1000) ?? 10;
  const view = optionalString(query, 'view_type') ?? 'ACTIVE_ONLY';
  if (!['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'].includes(view)) {
    throw invalid('view_type', 'view_type must be ACTIVE_ONLY, DELETED_ONLY or ALL');
  }
  const inView = emu.state.experiments.filter((e) =>
    view === 'ALL'
      ? true
      : view === 'ACTIVE_ONLY'
        ? e.lifecycle_stage === 'active'
        : e.lifecycle_stage === 'deleted',
  );
  const matched = applyFilter(inView, filter, lookup);
  const { page, next_page_token } = paginate(matched, max, optionalString(query, 'page_token'));
  return { status: 200, body: { experiments: page, next_page_token } };
};

/** GET /api/experiments/{experiment_id} */
export const getExperiment: Handler = async ({ emu, params }) => {
  const id = params.experiment_id as string;
  const exp = emu.state.experiments.find((e) => e.experiment_id === id);
  if (!exp) throw notFound('experiment_id', `No experiment with id ${id}`);
  return { status: 200, body: exp };
};
