import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallOptions, form, startValidated, type TestClient } from './support/client.js';

describe('bad requests get the right status and error body, and leave state unchanged', () => {
  let c: TestClient;

  beforeAll(async () => {
    c = await startValidated({ maxChunkBytes: 1024, maxBodyBytes: 4096, maxUploadBytes: 4096 });
    await c.json('POST', '/api/experiment', { json: { experiment_name: 'exp' } });
    await c.json('POST', '/api/project', { json: { project_name: 'proj' } });
    await c.json('POST', '/api/deploy', {
      json: { project_name: 'proj', run_script_content: 'x', requirements_content: '' },
    });
    await c.json('POST', '/api/cluster', { json: { project_name: 'proj', cluster_size: 1 } });
    const up = await c.json<{ upload_id: string }>('POST', '/api/runs/upload_chunk', {
      form: form({ experiment_name: 'exp', file_name: 'modelpkl_path' }, { chunk: 'abcd' }),
    });
    const run = await c.json<{ run_id: string }>('POST', '/api/runs', {
      json: {
        type_model: 'onnx',
        experiment_name: 'exp',
        uploads: { modelpkl_path: { upload_id: up.body.upload_id } },
      },
    });
    await c.json('POST', '/api/models', {
      json: { modelname: 'm', run_id: run.body.run_id, model_uri: `runs:/${run.body.run_id}/model` },
    });
  });
  afterAll(async () => {
    await c?.server.close();
  });

  async function expectError(
    method: string,
    path: string,
    opts: CallOptions,
    status: number,
    expected: { code?: string; param?: string; message?: RegExp },
  ): Promise<void> {
    const before = c.stateText();
    const {
      status: got,
      body,
      res,
    } = await c.json<Record<string, unknown>>(method, path, { invalidRequest: true, ...opts });
    expect(got).toBe(status);
    expect(body).toMatchObject({ status, request_id: res.headers.get('x-request-id') });
    expect(typeof body.message).toBe('string');
    if (expected.code) expect(body.code).toBe(expected.code);
    if (expected.param) expect(body.param).toBe(expected.param);
    if (expected.message) expect(body.message).toMatch(expected.message);
    expect(c.stateText()).toBe(before);
  }

  it('401 without a token, with a wrong token, and with a wrong bearer', async () => {
    await expectError('GET', '/api/auth/verify', { token: false }, 401, {
      code: 'unauthorized',
      message: /Send a token/,
    });
    await expectError('POST', '/api/experiment', { token: 'nope', json: { experiment_name: 'x' } }, 401, {
      code: 'unauthorized',
    });
    await expectError(
      'POST',
      '/api/project',
      { token: false, headers: { Authorization: 'Bearer nope' }, json: { project_name: 'x' } },
      401,
      { code: 'unauthorized' },
    );
  });

  it('404 for unknown models, experiments, runs and projects', async () => {
    await expectError('GET', '/api/models/nope', {}, 404, { code: 'not_found', param: 'model_name' });
    await expectError('GET', '/api/experiment/download/batch/exp/nope?model_stage=Production', {}, 404, {
      param: 'model_name',
    });
    await expectError('GET', '/api/experiment/download/batch/exp/m?model_stage=Production', {}, 404, {
      param: 'model_stage',
    });
    await expectError('GET', '/api/experiment/download/batch/nope/m?model_stage=None', {}, 404, {
      param: 'experiment_name',
    });
    await expectError(
      'POST',
      '/api/models/transition-model/nope',
      { json: { version: 1, stage: 'Staging' } },
      404,
      { param: 'model_name' },
    );
    await expectError(
      'POST',
      '/api/models/transition-model/m',
      { json: { version: 9, stage: 'Staging' } },
      404,
      { param: 'version' },
    );
    await expectError(
      'POST',
      '/api/models',
      { json: { modelname: 'm', run_id: 'nope', model_uri: 'runs:/nope/model' } },
      404,
      {
        param: 'run_id',
      },
    );
    await expectError('GET', '/api/experiments/999', {}, 404, { param: 'experiment_id' });
    await expectError(
      'POST',
      '/api/deploy',
      { json: { project_name: 'nope', run_script_content: 'x', requirements_content: '' } },
      404,
      {
        param: 'project_name',
      },
    );
    await expectError('POST', '/api/cluster', { json: { project_name: 'nope', cluster_size: 1 } }, 404, {
      param: 'project_name',
    });
    await expectError('POST', '/api/cluster/run', { json: { project_name: 'nope' } }, 404, {
      param: 'project_name',
    });
    await expectError('GET', '/api/deploy/nope', {}, 404, { param: 'project_name' });
    await expectError('GET', '/api/project/nope', {}, 404, { param: 'project_name' });
    await expectError('DELETE', '/api/cluster/schedule/proj', {}, 404, { param: 'project_name' });
    await expectError(
      'POST',
      '/api/experiment/predict_online',
      { form: form({ modelname: 'nope' }, { data: 'a\n1\n' }) },
      404,
      {
        param: 'modelname',
      },
    );
  });

  it('400 for an unknown stage, cluster size, malformed cron, filter or page token', async () => {
    await expectError(
      'POST',
      '/api/models/transition-model/m',
      { json: { version: 1, stage: 'Prod' } },
      400,
      {
        code: 'invalid_parameter',
        param: 'stage',
      },
    );
    await expectError('GET', '/api/models/transition-model/m?version=1&stage=Live', {}, 400, {
      param: 'stage',
    });
    await expectError('GET', '/api/experiment/download/batch/exp/m?model_stage=Live', {}, 400, {
      param: 'model_stage',
    });
    await expectError('POST', '/api/cluster', { json: { project_name: 'proj', cluster_size: 4 } }, 400, {
      param: 'cluster_size',
      message: /1 \(SMALL\), 2 \(MEDIUM\) or 3 \(LARGE\)/,
    });
    await expectError(
      'POST',
      '/api/cluster/schedule',
      { json: { project_name: 'proj', schedule_interval: 'every five minutes' } },
      400,
      {
        param: 'schedule_interval',
      },
    );
    await expectError(
      'POST',
      '/api/cluster/schedule',
      { json: { project_name: 'proj', schedule_interval: '*/5 * * * 99' } },
      400,
      {
        param: 'schedule_interval',
      },
    );
    await expectError(
      'POST',
      '/api/cluster/schedule',
      { json: { project_name: 'proj', schedule_interval: '*/5 * *' } },
      400,
      { param: 'schedule_interval', message: /5 fields \(or 6 with seconds\)/ },
    );
    await expectError(
      'GET',
      `/api/models/search?filter_string=${encodeURIComponent("name = 'a' OR name = 'b'")}`,
      {},
      400,
      {
        param: 'filter_string',
        message: /AND only/,
      },
    );
    await expectError(
      'GET',
      `/api/experiment/search?filter_string=${encodeURIComponent('creation_time > abc')}`,
      {},
      400,
      {
        param: 'filter_string',
      },
    );
    await expectError('GET', `/api/runs/exp?filter_string=${encodeURIComponent("colour = 'red'")}`, {}, 400, {
      param: 'filter_string',
      message: /unknown attribute 'colour'/,
    });
    await expectError('GET', '/api/models/search?page_token=forged', {}, 400, { param: 'page_token' });
    await expectError('POST', '/api/experiment', { json: { experiment_tags: {} } }, 400, {
      param: 'experiment_name',
    });
    await expectError(
      'POST',
      '/api/experiment',
      { body: '{not json', headers: { 'Content-Type': 'application/json' } },
      400,
      {
        param: 'body',
      },
    );
    await expectError('POST', '/api/project', { json: { project_name: '../../etc' } }, 400, {
      param: 'project_name',
    });
  });

  it('refuses traversal in file names and upload ids', async () => {
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      { form: form({ experiment_name: 'exp', file_name: '../../../etc/passwd' }, { chunk: 'x' }) },
      400,
      { param: 'file_name' },
    );
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      {
        form: form(
          { experiment_name: 'exp', file_name: 'modelpkl_path', upload_id: '../../state.json', offset: '0' },
          { chunk: 'x' },
        ),
      },
      400,
      { param: 'upload_id' },
    );
    await expectError(
      'POST',
      '/api/deploy',
      {
        json: {
          project_name: 'proj',
          script_filename: '../../../evil.py',
          run_script_content: 'x',
          requirements_content: '',
        },
      },
      400,
      { param: 'script_filename' },
    );
    await expectError('GET', '/api/deploy/..%2F..%2Fetc', {}, 404, { param: 'project_name' });
  });

  it('409 for out-of-order chunks, 400 for a wrong checksum, 413 past the size limit', async () => {
    const first = await c.json<{ upload_id: string }>('POST', '/api/runs/upload_chunk', {
      form: form(
        { experiment_name: 'exp', file_name: 'requirements_path', offset: '0', total_size: '8' },
        { chunk: 'abcd' },
      ),
    });
    expect(first.status).toBe(200);
    const id = first.body.upload_id;
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      {
        form: form(
          { experiment_name: 'exp', file_name: 'requirements_path', upload_id: id, offset: '2' },
          { chunk: 'efgh' },
        ),
      },
      409,
      { code: 'conflict', param: 'offset', message: /resume at 4/ },
    );
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      {
        form: form(
          {
            experiment_name: 'exp',
            file_name: 'requirements_path',
            upload_id: id,
            offset: '4',
            chunk_sha256: '0'.repeat(64),
          },
          { chunk: 'efgh' },
        ),
      },
      400,
      { param: 'chunk_sha256' },
    );
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      {
        form: form(
          { experiment_name: 'exp', file_name: 'requirements_path', upload_id: id, offset: '4' },
          { chunk: 'efghijkl' },
        ),
      },
      400,
      { param: 'total_size' },
    );
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      { form: form({ experiment_name: 'exp', file_name: 'modelpkl_path' }, { chunk: 'x'.repeat(2048) }) },
      413,
      { code: 'payload_too_large' },
    );
    await expectError(
      'POST',
      '/api/runs',
      {
        json: {
          type_model: 'onnx',
          experiment_name: 'exp',
          uploads: { requirements_path: { upload_id: id } },
        },
      },
      400,
      { param: 'uploads.requirements_path.upload_id', message: /4 of 8 bytes/ },
    );
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      { form: form({ experiment_name: 'nope', file_name: 'modelpkl_path' }, { chunk: 'x' }) },
      404,
      { param: 'experiment_name' },
    );
  });

  it('413 for a multipart body past its file parts plus 64 KiB, with or without Content-Length', async () => {
    const padding: Record<string, string> = {};
    for (let i = 0; i < 70; i++) padding[`pad${i}`] = 'p'.repeat(1000);
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      { form: form({ experiment_name: 'exp', file_name: 'modelpkl_path', ...padding }, { chunk: 'x' }) },
      413,
      { code: 'payload_too_large', message: /multipart body/ },
    );
    // Without Content-Length (chunked), the count while reading stops it.
    const body = new Response(form({ experiment_name: 'exp', file_name: 'modelpkl_path', ...padding }));
    const bytes = new Uint8Array(await body.arrayBuffer());
    const before = c.stateText();
    const res = await fetch(`${c.server.emulatorUrl}/api/runs/upload_chunk`, {
      method: 'POST',
      headers: {
        'X-Dhuo-Access-Key': c.server.token,
        'Content-Type': body.headers.get('content-type') as string,
      },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.subarray(i, i + 4096));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' });
    expect(c.stateText()).toBe(before);
  });

  it('413 for a JSON body past maxBodyBytes and a file past maxUploadBytes', async () => {
    await expectError(
      'POST',
      '/api/deploy',
      { json: { project_name: 'proj', run_script_content: 'x'.repeat(5000), requirements_content: '' } },
      413,
      { code: 'payload_too_large', message: /The request body exceeds the limit of 4096 bytes/ },
    );
    const chunk = (fields: Record<string, string>) =>
      form({ experiment_name: 'exp', file_name: 'modelpkl_path', ...fields }, { chunk: 'y'.repeat(1000) });
    await expectError('POST', '/api/runs/upload_chunk', { form: chunk({ total_size: '5000' }) }, 413, {
      code: 'payload_too_large',
      message: /The upload exceeds the limit of 4096 bytes/,
    });
    // Without total_size the file grows chunk by chunk until the fifth one passes the limit.
    const first = await c.json<{ upload_id: string }>('POST', '/api/runs/upload_chunk', { form: chunk({}) });
    const id = first.body.upload_id;
    for (const offset of [1000, 2000, 3000]) {
      const next = await c.json('POST', '/api/runs/upload_chunk', {
        form: chunk({ upload_id: id, offset: String(offset) }),
      });
      expect(next.status).toBe(200);
    }
    await expectError(
      'POST',
      '/api/runs/upload_chunk',
      { form: chunk({ upload_id: id, offset: '4000' }) },
      413,
      { code: 'payload_too_large', message: /The upload exceeds/ },
    );
  });

  it('only request-side violations were reported, for the requests that broke the spec on purpose', () => {
    expect(c.violations.length).toBeGreaterThan(0);
    expect(c.contractViolations()).toEqual([]);
  });
});
