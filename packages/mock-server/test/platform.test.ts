import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../src/emulator/script-runtime.js';
import { startValidated, type TestClient, waitFor } from './support/client.js';

interface BatchRun {
  batch_run_id: number;
  status: string;
  trigger: string;
  exit_code: number | null;
  log: string;
  deploy_id: number;
}
interface Entry {
  step: string;
  status: string;
  batch_run_id?: number;
  log?: string;
}

const OK_SCRIPT = `
console.log('step: read features');
console.log('endpoint=' + process.env.DHUO_SERVICE_ENDPOINT);
console.log('datalake-arg=' + process.argv[2]);
console.log('datalake-env=' + process.env.DHUO_DATABASE_URL);
console.log('heap=' + process.execArgv.find((a) => a.startsWith('--max-old-space-size')));
console.log('step: done');
`;

const FAIL_SCRIPT = `
console.log('starting');
console.error('boom: the IRIS_FEATURE table is missing');
process.exit(3);
`;

const TS_SCRIPT = `
interface TokenInfo { valid: boolean; scheme: string }
const endpoint: string = process.env.DHUO_SERVICE_ENDPOINT ?? '';
const res = await fetch(endpoint + '/api/auth/verify', { headers: { 'X-Dhuo-Access-Key': process.env.DHUO_TOKEN ?? '' } });
const info = (await res.json()) as TokenInfo;
console.log('verify ' + res.status + ' ' + JSON.stringify(info));
`;

describe('projects, deploys, clusters, batch runs and schedules (validated by Prism)', () => {
  let c: TestClient;

  async function runToEnd(project: string): Promise<BatchRun> {
    const started = await c.json<BatchRun>('POST', '/api/cluster/run', { json: { project_name: project } });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('PENDING');
    expect(started.body.trigger).toBe('manual');
    return waitFor(async () => {
      const r = await c.json<BatchRun>('GET', `/api/cluster/run/${project}/${started.body.batch_run_id}`);
      return r.body.status === 'SUCCEEDED' || r.body.status === 'FAILED' ? r.body : undefined;
    });
  }

  async function setUp(
    project: string,
    script: string,
    filename: string,
    size: 1 | 2 | 3 = 1,
  ): Promise<void> {
    expect((await c.json('POST', '/api/project', { json: { project_name: project } })).status).toBe(200);
    const d = await c.json('POST', '/api/deploy', {
      json: {
        project_name: project,
        script_filename: filename,
        run_script_content: script,
        requirements_content: '',
      },
    });
    expect(d.status).toBe(200);
    expect(
      (await c.json('POST', '/api/cluster', { json: { project_name: project, cluster_size: size } })).status,
    ).toBe(200);
  }

  beforeAll(async () => {
    c = await startValidated();
  });
  afterAll(async () => {
    await c?.server.close();
  });

  it('creates a project (409 on the same name) and reads it', async () => {
    const p = await c.json('POST', '/api/project', { json: { project_name: 'iris-batch' } });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({
      project_name: 'iris-batch',
      cluster: null,
      schedule: null,
      deploy_count: 0,
    });
    const dup = await c.json('POST', '/api/project', { json: { project_name: 'iris-batch' } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'conflict', param: 'project_name', status: 409 });
    const got = await c.json('GET', '/api/project/iris-batch');
    expect(got.body).toMatchObject({ project_name: 'iris-batch', deploy_count: 0 });
  });

  it('stores each deploy and sets cluster resources by size', async () => {
    const d = await c.json<{
      deploy_id: number;
      script_filename: string;
      script_sha256: string;
      status: string;
    }>('POST', '/api/deploy', {
      json: {
        project_name: 'iris-batch',
        script_filename: 'script.mjs',
        run_script_content: OK_SCRIPT,
        requirements_content: 'dhuolib\n',
      },
    });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ script_filename: 'script.mjs', status: 'DEPLOYED' });
    expect(d.body.script_sha256).toMatch(/^[0-9a-f]{64}$/);
    const cl = await c.json('POST', '/api/cluster', {
      json: { project_name: 'iris-batch', cluster_size: 2 },
    });
    expect(cl.body).toMatchObject({
      cluster_size: 2,
      cluster_name: 'MEDIUM',
      resources: { cpus: 2, memory_mb: 4096, timeout_seconds: 1800 },
      status: 'READY',
    });
    const got = await c.json('GET', '/api/project/iris-batch');
    expect(got.body).toMatchObject({ deploy_count: 1, cluster: { cluster_name: 'MEDIUM' } });
  });

  it('runs the deployed script: PENDING → RUNNING → SUCCEEDED, output in the status log', async () => {
    const run = await runToEnd('iris-batch');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.exit_code).toBe(0);
    expect(run.log).toContain('step: read features');
    expect(run.log).toContain(`endpoint=${c.server.url}`);
    expect(run.log).toContain('datalake-arg=sqlite:///tmp/dhuolib-test-datalake.db');
    expect(run.log).toContain('datalake-env=sqlite:///tmp/dhuolib-test-datalake.db');
    expect(run.log).toContain('heap=--max-old-space-size=4096');
    const log = await c.json<Entry[]>('GET', '/api/deploy/iris-batch');
    const steps = log.body.map((e) => `${e.step}:${e.status}`);
    expect(steps).toEqual([
      'DEPLOY:SUCCEEDED',
      'CLUSTER:SUCCEEDED',
      'RUN:PENDING',
      'RUN:RUNNING',
      'RUN:SUCCEEDED',
    ]);
    expect(log.body.at(-1)).toMatchObject({ batch_run_id: run.batch_run_id });
    expect(log.body.at(-1)?.log).toContain('step: done');
  });

  it('shows FAILED with the error output of a failing script', async () => {
    await setUp('failing', FAIL_SCRIPT, 'script.js');
    const run = await runToEnd('failing');
    expect(run.status).toBe('FAILED');
    expect(run.exit_code).toBe(3);
    expect(run.log).toContain('boom: the IRIS_FEATURE table is missing');
    const log = await c.json<Entry[]>('GET', '/api/deploy/failing');
    expect(log.body.at(-1)).toMatchObject({ step: 'RUN', status: 'FAILED' });
    expect(log.body.at(-1)?.log).toContain('boom');
  });

  it('runs a TypeScript script that calls the service with the token it was given', async () => {
    await setUp('ts-script', TS_SCRIPT, 'script.ts');
    const run = await runToEnd('ts-script');
    expect(run.log).toContain('verify 200 {"valid":true,"scheme":"access_key"}');
    expect(run.status).toBe('SUCCEEDED');
  });

  it('lets a deployed script resolve the workspace packages (@dhuolib/sdk, @dhuolib/repository)', async () => {
    const script =
      "console.log('sdk ' + import.meta.resolve('@dhuolib/sdk'));\nconsole.log('repo ' + import.meta.resolve('@dhuolib/repository'));\n";
    await setUp('resolves', script, 'script.ts');
    const run = await runToEnd('resolves');
    expect(run.log).toMatch(/sdk file:\/\/.*packages\/sdk\/src\/index\.ts/);
    expect(run.log).toMatch(/repo file:\/\/.*packages\/repository\/src\/index\.ts/);
    expect(run.status).toBe('SUCCEEDED');
  });

  it.skipIf(findPython() === null)(
    'runs a Python script with the datalake URL as its first argument',
    async () => {
      await setUp(
        'py-script',
        'import sys, os\nprint("py", sys.argv[1], os.environ["DHUO_PROJECT_NAME"])\n',
        'script.py',
        3,
      );
      const run = await runToEnd('py-script');
      expect(run.status).toBe('SUCCEEDED');
      expect(run.log).toContain('py sqlite:///tmp/dhuolib-test-datalake.db py-script');
    },
  );

  it('needs a deploy and a cluster before a run', async () => {
    await c.json('POST', '/api/project', { json: { project_name: 'empty' } });
    const before = c.stateText();
    const noDeploy = await c.json<{ message: string }>('POST', '/api/cluster/run', {
      json: { project_name: 'empty' },
    });
    expect(noDeploy.status).toBe(409);
    expect(noDeploy.body.message).toMatch(/no deploy/);
    expect(c.stateText()).toBe(before);
    await c.json('POST', '/api/deploy', {
      json: { project_name: 'empty', run_script_content: 'print(1)', requirements_content: '' },
    });
    const deployed = c.stateText();
    const noCluster = await c.json<{ message: string }>('POST', '/api/cluster/run', {
      json: { project_name: 'empty' },
    });
    expect(noCluster.status).toBe(409);
    expect(noCluster.body.message).toMatch(/no cluster/);
    expect(c.stateText()).toBe(deployed);
    const missing = await c.json('GET', '/api/cluster/run/empty/99');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ param: 'batch_run_id' });
  });

  it('fires a cron schedule and stops after DELETE', async () => {
    await setUp('scheduled', "console.log('tick')", 'script.mjs');
    const s = await c.json<{ schedule_interval: string; next_runs: string[] }>(
      'POST',
      '/api/cluster/schedule',
      {
        json: { project_name: 'scheduled', schedule_interval: '* * * * * *' },
      },
    );
    expect(s.status).toBe(200);
    expect(s.body.next_runs).toHaveLength(3);
    const project = await c.json<{ schedule: { schedule_interval: string } }>(
      'GET',
      '/api/project/scheduled',
    );
    expect(project.body.schedule.schedule_interval).toBe('* * * * * *');
    const fired = await waitFor(async () => {
      const log = await c.json<Entry[]>('GET', '/api/deploy/scheduled');
      return log.body.find((e) => e.step === 'RUN' && e.status === 'SUCCEEDED');
    });
    const run = await c.json<BatchRun>('GET', `/api/cluster/run/scheduled/${fired.batch_run_id}`);
    expect(run.body.trigger).toBe('schedule');
    expect(run.body.log).toContain('tick');
    const del = await c.json('DELETE', '/api/cluster/schedule/scheduled');
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ message: 'Schedule removed for project scheduled' });
    // The every-second schedule starts no run once removed.
    const started = async () =>
      (await c.json<Entry[]>('GET', '/api/deploy/scheduled')).body.filter(
        (e) => e.step === 'RUN' && e.status === 'PENDING',
      ).length;
    const runsAtDelete = await started();
    await new Promise((r) => setTimeout(r, 2100));
    expect(await started()).toBe(runsAtDelete);
    const after = await c.json('GET', '/api/project/scheduled');
    expect(after.body).toMatchObject({ schedule: null });
    const again = await c.json('DELETE', '/api/cluster/schedule/scheduled');
    expect(again.status).toBe(404);
  });

  it('passed Prism validation on every response', () => {
    expect(c.responses).toBeGreaterThan(20);
    expect(c.violations).toEqual([]);
  });
});
