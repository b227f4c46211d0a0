import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DhuoConflictError, DhuolibPlatformClient, DhuoTimeoutError } from '../../src/index.js';
import { json, scriptedFetch } from '../support/fake-fetch.js';

const endpoint = 'http://dhuo.test';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dhuo-platform-'));
  await writeFile(join(dir, 'script.py'), "print('hi')\n");
  await writeFile(join(dir, 'requirements.txt'), 'dhuodata-lib\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const batchRun = (status: string) => ({
  batch_run_id: 3,
  project_name: 'iris',
  deploy_id: 1,
  status,
  trigger: 'manual',
  created_at: '2026-12-03T13:00:00.000Z',
});

describe('DhuolibPlatformClient', () => {
  it('the seed deploy flow: createBatchProject names the project for the calls after it', async () => {
    const { fetch, sent } = scriptedFetch([json(200, {}), json(200, {}), json(200, [])]);
    const platform = new DhuolibPlatformClient({ serviceEndpoint: endpoint, fetch });
    await platform.createBatchProject('iris-classification-lightgbm-1');
    await platform.deployBatchProject({
      script_filename: join(dir, 'script.py'),
      requirements_filename: join(dir, 'requirements.txt'),
    });
    await platform.pipelineStatusReport();
    expect(JSON.parse(sent[1]?.body ?? '')).toEqual({
      project_name: 'iris-classification-lightgbm-1',
      run_script_content: "print('hi')\n",
      requirements_content: 'dhuodata-lib\n',
      script_filename: 'script.py',
    });
    expect(sent[2]?.url).toBe(`${endpoint}/api/deploy/iris-classification-lightgbm-1`);
  });

  it('a call can name another project than the client', async () => {
    const { fetch, sent } = scriptedFetch([json(200, {})]);
    await new DhuolibPlatformClient({ serviceEndpoint: endpoint, fetch, projectName: 'a' }).batchRun({
      project_name: 'b',
    });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ project_name: 'b' });
    expect(sent[0]?.headers.get('idempotency-key')).toBeTruthy();
  });

  it('an existing project is a DhuoConflictError', async () => {
    const { fetch } = scriptedFetch([
      json(409, { code: 'conflict', message: 'Project iris exists', status: 409, param: 'project_name' }),
    ]);
    const error = await new DhuolibPlatformClient({ serviceEndpoint: endpoint, fetch })
      .createBatchProject('iris')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoConflictError);
    expect((error as DhuoConflictError).param).toBe('project_name');
  });

  it('scheduleBatchRun sends the cron and returns the next runs it implies', async () => {
    const { fetch, sent } = scriptedFetch([
      json(200, { message: 'ok', project_name: 'iris', schedule_interval: '0 6 * * 1', next_runs: [] }),
    ]);
    const result = await new DhuolibPlatformClient({
      serviceEndpoint: endpoint,
      fetch,
      projectName: 'iris',
    }).scheduleBatchRun({
      schedule_interval: ' 0  6 * * 1 ',
    });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ project_name: 'iris', schedule_interval: '0 6 * * 1' });
    expect(result.expected_next_runs).toHaveLength(5);
    for (const run of result.expected_next_runs) {
      const date = new Date(run);
      expect([date.getUTCDay(), date.getUTCHours(), date.getUTCMinutes()]).toEqual([1, 6, 0]);
    }
  });

  it('waitForBatchRun polls until the run finishes, reporting each status once', async () => {
    const { fetch, sent } = scriptedFetch([
      json(200, batchRun('PENDING')),
      json(200, batchRun('RUNNING')),
      json(200, batchRun('RUNNING')),
      json(200, batchRun('SUCCEEDED')),
    ]);
    const statuses: string[] = [];
    const platform = new DhuolibPlatformClient({ serviceEndpoint: endpoint, fetch, projectName: 'iris' });
    const run = await platform.waitForBatchRun(3, {
      pollInterval: 1,
      onStatus: (r) => statuses.push(r.status),
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(statuses).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    expect(sent).toHaveLength(4);
    expect(sent[0]?.url).toBe(`${endpoint}/api/cluster/run/iris/3`);
  });

  it('waitForBatchRun gives up after maxWait', async () => {
    const { fetch } = scriptedFetch([json(200, batchRun('RUNNING'))]);
    const platform = new DhuolibPlatformClient({ serviceEndpoint: endpoint, fetch, projectName: 'iris' });
    await expect(platform.waitForBatchRun(3, { pollInterval: 5, maxWait: 20 })).rejects.toBeInstanceOf(
      DhuoTimeoutError,
    );
  });
});
