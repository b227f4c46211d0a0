import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index.js';

describe('static mode: Prism serving the spec', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ mode: 'static', token: 'static-token', log: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the examples of the spec', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: '1.0.0' });
    const exp = await fetch(`${server.url}/api/experiments/1`, {
      headers: { 'X-Dhuo-Access-Key': server.token },
    });
    expect(exp.status).toBe(200);
    expect(await exp.json()).toMatchObject({ experiment_id: '1', experiment_name: 'iris-classification' });
    const cluster = await fetch(`${server.url}/api/cluster`, {
      method: 'POST',
      headers: { Authorization: 'Bearer static-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ project_name: 'iris-batch', cluster_size: 1 }),
    });
    expect(await cluster.json()).toMatchObject({ cluster_name: 'SMALL', resources: { cpus: 1 } });
  });

  it('needs a declared security header', async () => {
    const res = await fetch(`${server.url}/api/experiments/1`);
    expect(res.status).toBe(401);
  });

  it('returns the status asked with Prefer: code=…', async () => {
    const res = await fetch(`${server.url}/api/project/iris-batch`, {
      headers: { 'X-Dhuo-Access-Key': server.token, Prefer: 'code=404' },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found', status: 404, param: 'project_name' });
  });
});
