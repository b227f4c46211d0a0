import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, invalid, notFound } from '../api-error.js';
import { CLUSTER_SIZES, type ClusterSize } from '../cluster-sizes.js';
import type { Emulator } from '../emulator.js';
import type { Handler } from '../handler.js';
import { readJson } from '../http-io.js';
import { optionalString, PROJECT_NAME, projectName, requiredString } from '../params.js';
import { safeJoin } from '../safe-path.js';
import { nextRuns } from '../scheduler.js';
import type { DeployRecord, ProjectRecord } from '../state.js';

const SCRIPT_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(py|js|mjs|ts)$/;

/** A project named in a path: a name that cannot exist is simply not found. */
function projectFromPath(emu: Emulator, value: string | undefined): ProjectRecord {
  const name = value ?? '';
  if (!PROJECT_NAME.test(name) || name.includes('..')) {
    throw notFound(
      'project_name',
      `No project named ${name}; project names match ^[A-Za-z0-9][A-Za-z0-9._-]*$`,
    );
  }
  return emu.projectByName(name);
}

function scheduleView(p: ProjectRecord) {
  if (!p.schedule) return null;
  return {
    message: `Schedule set for project ${p.project_name}`,
    project_name: p.project_name,
    schedule_interval: p.schedule.schedule_interval,
    next_runs: nextRuns(p.schedule.schedule_interval),
  };
}

function projectView(p: ProjectRecord) {
  return {
    project_name: p.project_name,
    created_at: p.created_at,
    cluster: p.cluster,
    schedule: scheduleView(p),
    deploy_count: p.deploys.length,
  };
}

function deployView(d: DeployRecord) {
  const { dir: _dir, ...view } = d;
  return view;
}

/** POST /api/project — 409 when it exists. */
export const createProject: Handler = async ({ emu, req }) => {
  const body = await readJson(req, emu.config.maxBodyBytes);
  const name = projectName(body.project_name);
  if (emu.state.projects.some((p) => p.project_name === name)) {
    throw conflict('project_name', `Project ${name} already exists`);
  }
  const p: ProjectRecord = {
    project_name: name,
    created_at: new Date().toISOString(),
    cluster: null,
    schedule: null,
    deploys: [],
    status_log: [],
  };
  emu.state.projects.push(p);
  emu.save();
  return { status: 200, body: projectView(p) };
};

/** GET /api/project/{project_name} */
export const getProject: Handler = async ({ emu, params }) => ({
  status: 200,
  body: projectView(projectFromPath(emu, params.project_name)),
});

/** POST /api/deploy — stores the script and requirements under the deploy's directory. */
export const deployProject: Handler = async ({ emu, req }) => {
  const body = await readJson(req, emu.config.maxBodyBytes);
  const name = projectName(body.project_name);
  const script = requiredString(body, 'run_script_content');
  const requirements = optionalString(body, 'requirements_content');
  if (requirements === undefined)
    throw invalid('requirements_content', 'requirements_content is required (it may be empty)');
  const filename = optionalString(body, 'script_filename') ?? 'script.py';
  if (!SCRIPT_FILENAME.test(filename) || filename.includes('..')) {
    throw invalid(
      'script_filename',
      'script_filename must be a base name ending in .py, .js, .mjs or .ts, without paths',
    );
  }
  const project = emu.projectByName(name);
  const id = emu.state.seq.deploy + 1;
  const projectsRoot = join(emu.config.dataDir, 'projects');
  const dirAbs = safeJoin(projectsRoot, 'project_name', name, 'deploys', String(id));
  const scriptPath = safeJoin(dirAbs, 'script_filename', filename);
  await mkdir(dirAbs, { recursive: true });
  await writeFile(scriptPath, script);
  await writeFile(join(dirAbs, 'requirements.txt'), requirements);
  // .ts/.js scripts are ES modules (top-level await, import), as in the examples.
  await writeFile(join(dirAbs, 'package.json'), '{ "private": true, "type": "module" }\n');
  emu.state.seq.deploy = id;
  const deploy: DeployRecord = {
    deploy_id: id,
    project_name: name,
    script_filename: filename,
    script_sha256: emu.newHash().update(script).digest('hex'),
    created_at: new Date().toISOString(),
    status: 'DEPLOYED',
    dir: join('projects', name, 'deploys', String(id)),
  };
  project.deploys.push(deploy);
  project.status_log.push({
    date: deploy.created_at,
    step: 'DEPLOY',
    status: 'SUCCEEDED',
    log: `Deploy ${id}: ${filename} (sha256 ${deploy.script_sha256})`,
  });
  emu.save();
  return { status: 200, body: deployView(deploy) };
};

/** GET /api/deploy/{project_name} — the status log, oldest first. */
export const pipelineStatus: Handler = async ({ emu, params }) => ({
  status: 200,
  body: projectFromPath(emu, params.project_name).status_log,
});

/** POST /api/cluster — creates or resizes the project's cluster. */
export const createCluster: Handler = async ({ emu, req }) => {
  const body = await readJson(req, emu.config.maxBodyBytes);
  const name = projectName(body.project_name);
  const size = body.cluster_size;
  if (size !== 1 && size !== 2 && size !== 3) {
    throw invalid('cluster_size', 'cluster_size must be 1 (SMALL), 2 (MEDIUM) or 3 (LARGE)');
  }
  const project = emu.projectByName(name);
  const spec = CLUSTER_SIZES[size as ClusterSize];
  const now = new Date().toISOString();
  project.cluster = {
    project_name: name,
    cluster_size: size,
    cluster_name: spec.cluster_name,
    resources: { ...spec.resources },
    status: 'READY',
    created_at: now,
  };
  project.status_log.push({
    date: now,
    step: 'CLUSTER',
    status: 'SUCCEEDED',
    log: `Cluster ${spec.cluster_name}: ${spec.resources.cpus} cpu, ${spec.resources.memory_mb} MB, ${spec.resources.timeout_seconds} s`,
  });
  emu.save();
  return { status: 200, body: project.cluster };
};

function runnable(emu: Emulator, name: string): ProjectRecord {
  const project = emu.projectByName(name);
  if (project.deploys.length === 0) {
    throw conflict(
      'project_name',
      `Project ${name} has no deploy; deploy a script with POST /api/deploy first`,
    );
  }
  if (!project.cluster) {
    throw conflict('project_name', `Project ${name} has no cluster; create one with POST /api/cluster first`);
  }
  return project;
}

/** POST /api/cluster/run — starts the latest deploy's script; the run begins PENDING. */
export const batchRun: Handler = async ({ emu, req }) => {
  const body = await readJson(req, emu.config.maxBodyBytes);
  const project = runnable(emu, projectName(body.project_name));
  return { status: 200, body: emu.runner.start(project, 'manual') };
};

/** GET /api/cluster/run/{project_name}/{batch_run_id} */
export const getBatchRun: Handler = async ({ emu, params }) => {
  const name = projectFromPath(emu, params.project_name).project_name;
  const id = Number(params.batch_run_id);
  const run = emu.state.batch_runs.find((r) => r.batch_run_id === id && r.project_name === name);
  if (!run) throw notFound('batch_run_id', `Project ${name} has no batch run ${params.batch_run_id}`);
  return { status: 200, body: run };
};

/** POST /api/cluster/schedule — sets (or replaces) the project's cron schedule. */
export const scheduleBatchRun: Handler = async ({ emu, req }) => {
  const body = await readJson(req, emu.config.maxBodyBytes);
  const name = projectName(body.project_name);
  const interval = requiredString(body, 'schedule_interval');
  const next = nextRuns(interval);
  const project = emu.projectByName(name);
  project.schedule = { schedule_interval: interval, created_at: new Date().toISOString() };
  project.status_log.push({
    date: project.schedule.created_at,
    step: 'SCHEDULE',
    status: 'INFO',
    log: `Schedule ${interval}; next ${next[0]}`,
  });
  emu.save();
  emu.scheduler.arm(project);
  return { status: 200, body: scheduleView(project) };
};

/** DELETE /api/cluster/schedule/{project_name} */
export const removeSchedule: Handler = async ({ emu, params }) => {
  const project = projectFromPath(emu, params.project_name);
  const name = project.project_name;
  if (!project.schedule) throw notFound('project_name', `Project ${name} has no schedule`);
  project.schedule = null;
  emu.scheduler.disarm(name);
  project.status_log.push({
    date: new Date().toISOString(),
    step: 'SCHEDULE',
    status: 'INFO',
    log: 'Schedule removed',
  });
  emu.save();
  return { status: 200, body: { message: `Schedule removed for project ${name}` } };
};
