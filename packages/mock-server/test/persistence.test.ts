import { describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { form, TestClient, tempDataDir, waitFor } from './support/client.js';

describe('state persists under dataDir across restarts', () => {
  it('keeps experiments, runs, artifacts, the registry, projects and schedules, and re-arms schedules', async () => {
    const dataDir = tempDataDir();
    const opts = { mode: 'stateful', validate: true, dataDir, token: 'persist', log: false } as const;
    const a = new TestClient(await startMockServer(opts));
    await a.json('POST', '/api/experiment', { json: { experiment_name: 'kept' } });
    await a.json('POST', '/api/runs/upload_chunk', {
      form: form({ experiment_name: 'kept', file_name: 'modelpkl_path' }, { chunk: 'first-' }),
    });
    // A Python-style client: no upload id, the next chunk continues the open upload.
    await a.json('POST', '/api/runs/upload_chunk', {
      form: form({ experiment_name: 'kept', file_name: 'modelpkl_path' }, { chunk: 'second' }),
    });
    const run = await a.json<{ run_id: string }>('POST', '/api/runs', {
      json: { type_model: 'bytes', experiment_name: 'kept' },
    });
    await a.json('POST', '/api/models', {
      json: {
        modelname: 'kept-model',
        run_id: run.body.run_id,
        model_uri: `runs:/${run.body.run_id}/model`,
        stage: 'Production',
      },
    });
    await a.json('POST', '/api/project', { json: { project_name: 'kept-project' } });
    await a.json('POST', '/api/deploy', {
      json: {
        project_name: 'kept-project',
        script_filename: 'job.mjs',
        run_script_content: "console.log('after restart')",
        requirements_content: '',
      },
    });
    await a.json('POST', '/api/cluster', { json: { project_name: 'kept-project', cluster_size: 1 } });
    await a.json('POST', '/api/cluster/schedule', {
      json: { project_name: 'kept-project', schedule_interval: '* * * * * *' },
    });
    await a.server.close();
    expect(a.violations).toEqual([]);

    const b = new TestClient(await startMockServer(opts));
    try {
      const exp = await b.json<{ experiments: { experiment_name: string }[] }>(
        'GET',
        '/api/experiment/search',
      );
      expect(exp.body.experiments.map((e) => e.experiment_name)).toEqual(['kept']);
      const again = await b.json<{ experiment_id: string }>('POST', '/api/experiment', {
        json: { experiment_name: 'kept' },
      });
      expect(again.body.experiment_id).toBe('1');
      const dl = await b.call('GET', '/api/experiment/download/batch/kept/kept-model?model_stage=Production');
      expect(await dl.text()).toBe('first-second');
      const model = await b.json<{ versions: { current_stage: string }[] }>('GET', '/api/models/kept-model');
      expect(model.body.versions.map((v) => v.current_stage)).toEqual(['Production']);
      const project = await b.json<{ deploy_count: number; cluster: { cluster_name: string } }>(
        'GET',
        '/api/project/kept-project',
      );
      expect(project.body).toMatchObject({ deploy_count: 1, cluster: { cluster_name: 'SMALL' } });
      const fired = await waitFor(async () => {
        const log = await b.json<{ step: string; status: string; log?: string }[]>(
          'GET',
          '/api/deploy/kept-project',
        );
        return log.body.find((e) => e.step === 'RUN' && e.status === 'SUCCEEDED');
      });
      expect(fired.log).toContain('after restart');
      await b.json('DELETE', '/api/cluster/schedule/kept-project');
      expect(b.violations).toEqual([]);
    } finally {
      await b.server.close();
    }
  });

  it('records a run stopped by close() as FAILED, and keeps it after a restart', async () => {
    const dataDir = tempDataDir();
    const opts = { mode: 'stateful', validate: false, dataDir, token: 'persist', log: false } as const;
    const a = new TestClient(await startMockServer(opts));
    await a.json('POST', '/api/project', { json: { project_name: 'slow' } });
    await a.json('POST', '/api/deploy', {
      json: {
        project_name: 'slow',
        script_filename: 'slow.mjs',
        run_script_content: "console.log('sleeping'); setTimeout(() => {}, 60_000);",
        requirements_content: '',
      },
    });
    await a.json('POST', '/api/cluster', { json: { project_name: 'slow', cluster_size: 1 } });
    const started = await a.json<{ batch_run_id: number }>('POST', '/api/cluster/run', {
      json: { project_name: 'slow' },
    });
    await waitFor(async () => {
      const r = await a.json<{ log: string }>('GET', `/api/cluster/run/slow/${started.body.batch_run_id}`);
      return r.body.log.includes('sleeping') ? true : undefined;
    });
    await a.server.close();
    const b = new TestClient(await startMockServer(opts));
    try {
      const r = await b.json<{ status: string; log: string }>(
        'GET',
        `/api/cluster/run/slow/${started.body.batch_run_id}`,
      );
      expect(r.body.status).toBe('FAILED');
      expect(r.body.log).toContain('stopped by SIGKILL');
    } finally {
      await b.server.close();
    }
  });
});
