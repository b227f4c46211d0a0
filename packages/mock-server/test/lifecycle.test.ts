import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RandomForestClassifier } from 'ml-random-forest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, startValidated, type TestClient } from './support/client.js';

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

function trainModel(): string {
  const X = [
    [5.1, 3.5, 1.4, 0.2],
    [4.9, 3.0, 1.4, 0.2],
    [4.7, 3.2, 1.3, 0.2],
    [7.0, 3.2, 4.7, 1.4],
    [6.4, 3.2, 4.5, 1.5],
    [6.9, 3.1, 4.9, 1.5],
    [6.3, 3.3, 6.0, 2.5],
    [5.8, 2.7, 5.1, 1.9],
    [7.1, 3.0, 5.9, 2.1],
  ];
  const y = [0, 0, 0, 1, 1, 1, 2, 2, 2];
  const rf = new RandomForestClassifier({
    nEstimators: 5,
    seed: 3,
    maxFeatures: 1.0,
    replacement: false,
    noOOB: true,
  } as never);
  rf.train(X, y);
  return JSON.stringify({ model: rf.toJSON(), labels: ['setosa', 'versicolor', 'virginica'] });
}

describe('experiments, runs, registry, downloads and online prediction (validated by Prism)', () => {
  let c: TestClient;
  const model = trainModel();
  let runId = '';
  let run2Id = '';

  beforeAll(async () => {
    c = await startValidated();
  });
  afterAll(async () => {
    await c?.server.close();
  });

  it('answers health without a token and verifies both token schemes', async () => {
    const h = await c.json('GET', '/api/health', { token: false });
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ status: 'ok', version: '1.0.0' });
    expect(h.res.headers.get('x-request-id')).toMatch(/^req_/);
    const a = await c.json('GET', '/api/auth/verify');
    expect(a.body).toEqual({ valid: true, scheme: 'access_key' });
    const b = await c.json('GET', '/api/auth/verify', {
      token: false,
      headers: { Authorization: 'Bearer test-token' },
    });
    expect(b.body).toEqual({ valid: true, scheme: 'bearer' });
  });

  it('creates experiments, returns the existing one for the same name, reads and searches them', async () => {
    const first = await c.json('POST', '/api/experiment', {
      json: { experiment_name: 'iris-classification', experiment_tags: { team: 'ml', 'my key': 'v 1' } },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      experiment_id: '1',
      experiment_name: 'iris-classification',
      lifecycle_stage: 'active',
    });
    const again = await c.json('POST', '/api/experiment', {
      json: { experiment_name: 'iris-classification' },
    });
    expect(again.body).toEqual(first.body);
    await c.json('POST', '/api/experiment', {
      json: { experiment_name: 'wine', experiment_tags: { team: 'bi' } },
    });
    await c.json('POST', '/api/experiment', {
      json: { experiment_name: 'iris-v2', experiment_tags: { team: 'ml' } },
    });

    const got = await c.json('GET', '/api/experiments/1');
    expect(got.body).toEqual(first.body);

    const byName = await c.json<{ experiments: { experiment_name: string }[] }>(
      'GET',
      `/api/experiment/search?filter_string=${encodeURIComponent("name = 'wine'")}`,
    );
    expect(byName.body.experiments.map((e) => e.experiment_name)).toEqual(['wine']);
    const like = await c.json<{ experiments: { experiment_name: string }[] }>(
      'GET',
      `/api/experiment/search?filter_string=${encodeURIComponent("name LIKE 'iris%' AND tags.team = 'ml' AND creation_time > 0")}`,
    );
    expect(like.body.experiments.map((e) => e.experiment_name)).toEqual(['iris-classification', 'iris-v2']);
    const quoted = await c.json<{ experiments: { experiment_name: string }[] }>(
      'GET',
      `/api/experiment/search?filter_string=${encodeURIComponent("tags.`my key` ILIKE 'V 1'")}`,
    );
    expect(quoted.body.experiments.map((e) => e.experiment_name)).toEqual(['iris-classification']);

    const p1 = await c.json<{ experiments: { experiment_name: string }[]; next_page_token: string | null }>(
      'GET',
      '/api/experiment/search?max_results=2',
    );
    expect(p1.body.experiments).toHaveLength(2);
    expect(p1.body.next_page_token).toEqual(expect.any(String));
    const p2 = await c.json<{ experiments: { experiment_name: string }[]; next_page_token: string | null }>(
      'GET',
      `/api/experiment/search?max_results=2&page_token=${p1.body.next_page_token}`,
    );
    expect(p2.body.experiments.map((e) => e.experiment_name)).toEqual(['iris-v2']);
    expect(p2.body.next_page_token).toBeNull();
  });

  it('assembles a chunked upload in order with checksums and logs a run from it', async () => {
    const half = Math.floor(model.length / 2);
    const parts = [model.slice(0, half), model.slice(half)];
    const one = await c.json<{ upload_id: string; received_bytes: number; sha256: string }>(
      'POST',
      '/api/runs/upload_chunk',
      {
        form: form(
          {
            experiment_name: 'iris-classification',
            file_name: 'modelpkl_path',
            offset: '0',
            total_size: String(model.length),
            chunk_sha256: sha(parts[0] as string),
          },
          { chunk: parts[0] as string },
        ),
      },
    );
    expect(one.status).toBe(200);
    expect(one.body.received_bytes).toBe(half);
    expect(one.body.sha256).toBe(sha(parts[0] as string));
    const two = await c.json<{ upload_id: string; received_bytes: number; sha256: string }>(
      'POST',
      '/api/runs/upload_chunk',
      {
        form: form(
          {
            experiment_name: 'iris-classification',
            file_name: 'modelpkl_path',
            upload_id: one.body.upload_id,
            offset: String(half),
            chunk_sha256: sha(parts[1] as string),
          },
          { chunk: parts[1] as string },
        ),
      },
    );
    expect(two.body).toMatchObject({
      upload_id: one.body.upload_id,
      received_bytes: model.length,
      sha256: sha(model),
    });
    const req = await c.json<{ upload_id: string }>('POST', '/api/runs/upload_chunk', {
      form: form(
        { experiment_name: 'iris-classification', file_name: 'requirements_path' },
        { chunk: 'ml-random-forest\n' },
      ),
    });
    expect(req.status).toBe(200);

    const run = await c.json<{
      run_id: string;
      model_uri: string;
      artifacts: { file_name: string; sha256: string; size: number }[];
    }>('POST', '/api/runs', {
      json: {
        type_model: 'ml-random-forest',
        experiment_name: 'iris-classification',
        tags: { framework: 'ml-random-forest' },
        uploads: { modelpkl_path: { upload_id: one.body.upload_id, sha256: sha(model), size: model.length } },
      },
    });
    expect(run.status).toBe(200);
    runId = run.body.run_id;
    expect(run.body.model_uri).toBe(`runs:/${runId}/model`);
    expect(run.body.artifacts).toEqual([
      { file_name: 'modelpkl_path', size: model.length, sha256: sha(model) },
      { file_name: 'requirements_path', size: 17, sha256: sha('ml-random-forest\n') },
    ]);
    expect(readFileSync(join(c.server.dataDir, 'runs', runId, 'modelpkl_path'), 'utf8')).toBe(model);
  });

  it('logs a run with the 0.5.x multipart form', async () => {
    const run = await c.json<{ run_id: string; experiment_id: string; type_model: string }>(
      'POST',
      '/api/runs',
      {
        form: form(
          { type_model: 'onnx', experiment_id: '1' },
          { modelpkl_path: new Uint8Array([0, 1, 2, 255]), requirements_path: 'onnxruntime-node\n' },
        ),
      },
    );
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ experiment_id: '1', type_model: 'onnx' });
    run2Id = run.body.run_id;
  });

  it('searches and reads runs; 204 for an unknown experiment', async () => {
    const all = await c.json<{ runs: { run_id: string }[] }>('GET', '/api/runs/iris-classification');
    expect(all.body.runs.map((r) => r.run_id).sort()).toEqual([runId, run2Id].sort());
    const tagged = await c.json<{ runs: { run_id: string }[] }>(
      'GET',
      `/api/runs/iris-classification?filter_string=${encodeURIComponent("tags.framework = 'ml-random-forest' AND status = 'FINISHED'")}`,
    );
    expect(tagged.body.runs.map((r) => r.run_id)).toEqual([runId]);
    const page = await c.json<{ runs: unknown[]; next_page_token: string }>(
      'GET',
      '/api/runs/iris-classification?max_results=1',
    );
    expect(page.body.runs).toHaveLength(1);
    expect(page.body.next_page_token).toBeTruthy();
    const none = await c.call('GET', '/api/runs/no-such-experiment');
    expect(none.status).toBe(204);
    const one = await c.json<{ run_id: string }>('GET', `/api/runs/iris-classification/${runId}`);
    expect(one.body.run_id).toBe(runId);
  });

  it('registers versions, moves stages with history and keeps one Production version', async () => {
    const v1 = await c.json('POST', '/api/models', {
      json: {
        modelname: 'iris',
        modeltag: 'rf',
        stage: 'Production',
        run_id: runId,
        model_uri: `runs:/${runId}/model`,
      },
    });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({
      model_version: '1',
      model_version_name: 'iris',
      previous_stage: 'None',
      current_stage: 'Production',
    });
    const v2 = await c.json('POST', '/api/models', {
      json: { modelname: 'iris', run_id: run2Id, model_uri: `runs:/${run2Id}/model` },
    });
    expect(v2.body).toMatchObject({ model_version: '2', current_stage: 'None' });
    const v3 = await c.json('POST', '/api/models', {
      json: { modelname: 'iris', run_id: runId, model_uri: `runs:/${runId}/model`, stage: 'Staging' },
    });
    expect(v3.body).toMatchObject({ model_version: '3', current_stage: 'Staging' });

    const promote = await c.json<{
      model_version: { current_stage: string; previous_stage: string };
      archived_versions: string[];
    }>('POST', '/api/models/transition-model/iris', { json: { version: 3, stage: 'Production' } });
    expect(promote.status).toBe(200);
    expect(promote.body.model_version).toMatchObject({
      current_stage: 'Production',
      previous_stage: 'Staging',
    });
    expect(promote.body.archived_versions).toEqual(['1']);

    const legacy = await c.json<{ model_version: { current_stage: string }; archived_versions: string[] }>(
      'GET',
      '/api/models/transition-model/iris?version=1&stage=Production&archive_existing_versions=false',
    );
    expect(legacy.body.model_version.current_stage).toBe('Production');
    expect(legacy.body.archived_versions).toEqual([]);

    const got = await c.json<{
      versions: {
        model_version: string;
        current_stage: string;
        history: { from_stage: string; to_stage: string }[];
      }[];
      latest_versions: { model_version: string; current_stage: string }[];
      tags: Record<string, string>;
    }>('GET', '/api/models/iris');
    expect(got.body.versions.map((v) => [v.model_version, v.current_stage])).toEqual([
      ['1', 'Production'],
      ['2', 'None'],
      ['3', 'Production'],
    ]);
    expect(got.body.versions[0]?.history.map((h) => `${h.from_stage}>${h.to_stage}`)).toEqual([
      'None>Production',
      'Production>Archived',
      'Archived>Production',
    ]);
    expect(got.body.latest_versions.find((v) => v.current_stage === 'Production')?.model_version).toBe('3');
    expect(got.body.tags.modeltag).toBe('rf');

    // Move 1 back to Archived so Production holds version 3 only.
    await c.json('POST', '/api/models/transition-model/iris', { json: { version: 1, stage: 'Archived' } });

    await c.json('POST', '/api/models', {
      json: { modelname: 'wine-model', run_id: run2Id, model_uri: `runs:/${run2Id}/model`, stage: 'Staging' },
    });
    const search = await c.json<{ models: { model_name: string }[] }>(
      'GET',
      `/api/models/search?filter_string=${encodeURIComponent("name LIKE 'iri%' AND tags.modeltag = 'rf'")}`,
    );
    expect(search.body.models.map((m) => m.model_name)).toEqual(['iris']);
    const paged = await c.json<{ models: { model_name: string }[]; next_page_token: string }>(
      'GET',
      '/api/models/search?max_results=1',
    );
    expect(paged.body.models.map((m) => m.model_name)).toEqual(['iris']);
    const rest = await c.json<{ models: { model_name: string }[] }>(
      'GET',
      `/api/models/search?max_results=1&page_token=${paged.body.next_page_token}`,
    );
    expect(rest.body.models.map((m) => m.model_name)).toEqual(['wine-model']);
  });

  it('downloads the artifact by stage, by run and on the legacy path, with checksum headers', async () => {
    const res = await c.call(
      'GET',
      '/api/experiment/download/batch/iris-classification/iris?model_stage=Production',
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(model);
    expect(res.headers.get('x-dhuo-checksum-sha256')).toBe(sha(model));
    expect(res.headers.get('x-dhuo-model-version')).toBe('3');
    expect(res.headers.get('x-dhuo-run-id')).toBe(runId);
    expect(res.headers.get('x-dhuo-type-model')).toBe('ml-random-forest');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(model)));

    const byRun = await c.call(
      'GET',
      `/api/experiment/download/batch/iris-classification/iris?run_id=${run2Id}`,
    );
    expect(byRun.status).toBe(200);
    expect(new Uint8Array(await byRun.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(byRun.headers.get('x-dhuo-model-version')).toBe('2');

    const legacy = await c.call(
      'GET',
      '/api/experiment/dowload/batch/iris-classification/iris?model_stage=Production&type_model=ml-random-forest',
    );
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get('deprecation')).toBe('true');
    expect(await legacy.text()).toBe(model);

    const mismatch = await c.json(
      'GET',
      '/api/experiment/download/batch/iris-classification/iris?model_stage=Production&type_model=onnx',
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toMatchObject({ code: 'invalid_parameter', param: 'type_model', status: 400 });
  });

  it('predicts online with an ml-random-forest model and refuses other model types', async () => {
    const csv = 'SEPAL_LENGTH,SEPAL_WIDTH,PETAL_LENGTH,PETAL_WIDTH\n5.0,3.4,1.5,0.2\n6.9,3.1,5.4,2.1\n';
    const res = await c.json<{ predictions: unknown[]; model_version: string; run_id: string }>(
      'POST',
      '/api/experiment/predict_online',
      {
        form: form({ modelname: 'iris', stage: 'Production' }, { data: csv }),
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.predictions).toHaveLength(2);
    expect(res.body.predictions[0]).toBe('setosa');
    expect(res.body).toMatchObject({ model_version: '3', run_id: runId });

    const onnx = await c.json<{ message: string }>('POST', '/api/experiment/predict_online', {
      form: form({ modelname: 'wine-model', stage: 'Staging' }, { data: csv }),
    });
    expect(onnx.status).toBe(400);
    expect(onnx.body.message).toMatch(
      /online prediction of type_model onnx is not supported by the emulator/,
    );
  });

  it('replays an Idempotency-Key instead of acting twice', async () => {
    const headers = { 'Idempotency-Key': 'abc-123' };
    const body = { modelname: 'iris', run_id: runId, model_uri: `runs:/${runId}/model` };
    const a = await c.json<{ model_version: string }>('POST', '/api/models', { json: body, headers });
    const b = await c.json<{ model_version: string }>('POST', '/api/models', { json: body, headers });
    expect(b.body).toEqual(a.body);
    expect(b.res.headers.get('idempotent-replayed')).toBe('true');
    const got = await c.json<{ versions: unknown[] }>('GET', '/api/models/iris');
    expect(got.body.versions).toHaveLength(4);
  });

  it('passed Prism validation on every response', () => {
    expect(c.responses).toBeGreaterThan(30);
    expect(c.violations).toEqual([]);
  });
});
