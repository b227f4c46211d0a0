import { describe, expect, it } from 'vitest';
import {
  createDhuoRawClient,
  DhuoAbortError,
  DhuoConnectionError,
  DhuoInternalServerError,
  DhuolibExperimentClient,
  DhuolibPlatformClient,
  DhuoRateLimitError,
  DhuoTimeoutError,
} from '../../src/index.js';
import { connectionRefused, hangingFetch, json, scriptedFetch } from '../support/fake-fetch.js';

const endpoint = 'http://dhuo.test';
const health = { status: 'ok' };
const experiment = {
  experiment_id: '1',
  experiment_name: 'iris',
  lifecycle_stage: 'active',
  creation_time: 1,
  last_update_time: 1,
  tags: {},
};
const failure = (status: number) => json(status, { code: 'x', message: `failed with ${status}`, status });

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('auth header', () => {
  it('sends a plain token as X-Dhuo-Access-Key', async () => {
    const { fetch, sent } = scriptedFetch([json(200, health)]);
    await new DhuolibExperimentClient({ serviceEndpoint: endpoint, token: 'abc123', fetch }).health();
    expect(sent[0]?.headers.get('x-dhuo-access-key')).toBe('abc123');
    expect(sent[0]?.headers.get('authorization')).toBeNull();
  });

  it('sends a "Bearer …" token as Authorization', async () => {
    const { fetch, sent } = scriptedFetch([json(200, health)]);
    await new DhuolibExperimentClient({ serviceEndpoint: endpoint, token: 'Bearer xyz', fetch }).health();
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer xyz');
    expect(sent[0]?.headers.get('x-dhuo-access-key')).toBeNull();
  });

  it('puts a request id on every request and every error', async () => {
    const { fetch, sent } = scriptedFetch([new Response('not json', { status: 503 })]);
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, maxRetries: 0 });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoInternalServerError);
    const id = sent[0]?.headers.get('x-request-id');
    expect(id).toMatch(/^req_/);
    expect((error as DhuoInternalServerError).requestId).toBe(id);
    expect((error as Error).message).toContain(id);
  });
});

describe('retries', () => {
  it('retries a GET on 500, 503 then succeeds', async () => {
    const { fetch, sent } = scriptedFetch([failure(500), failure(503), json(200, health)]);
    const { sleep, delays } = recordingSleep();
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, sleep });
    expect(await client.health()).toEqual(health);
    expect(sent).toHaveLength(3);
    expect(delays).toHaveLength(2);
    // Backoff doubles from 500 ms, minus up to 25 % jitter.
    expect(delays[0]).toBeGreaterThanOrEqual(375);
    expect(delays[0]).toBeLessThanOrEqual(500);
    expect(delays[1]).toBeGreaterThanOrEqual(750);
    expect(delays[1]).toBeLessThanOrEqual(1000);
    // The same request id travels with every attempt.
    expect(new Set(sent.map((s) => s.headers.get('x-request-id'))).size).toBe(1);
  });

  it('gives up after maxRetries and throws the last status', async () => {
    const { fetch, sent } = scriptedFetch([failure(502)]);
    const { sleep } = recordingSleep();
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, sleep, maxRetries: 3 });
    await expect(client.health()).rejects.toBeInstanceOf(DhuoInternalServerError);
    expect(sent).toHaveLength(4);
  });

  it('retries 408 and 429, not 400, 401, 404 or 409', async () => {
    for (const [status, attempts] of [
      [408, 2],
      [429, 2],
      [400, 1],
      [401, 1],
      [404, 1],
      [409, 1],
    ] as const) {
      const { fetch, sent } = scriptedFetch([failure(status), json(200, health)]);
      const { sleep } = recordingSleep();
      await new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, sleep })
        .health()
        .catch(() => undefined);
      expect([status, sent.length]).toEqual([status, attempts]);
    }
  });

  it('obeys Retry-After (seconds), retry-after-ms and an HTTP date', async () => {
    const { fetch } = scriptedFetch([
      json(429, {}, { 'retry-after': '3' }),
      json(503, {}, { 'retry-after-ms': '120' }),
      json(200, health),
    ]);
    const { sleep, delays } = recordingSleep();
    await new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, sleep, maxRetries: 2 }).health();
    expect(delays).toEqual([3000, 120]);

    const date = new Date(Date.now() + 5000).toUTCString();
    const second = scriptedFetch([json(429, {}, { 'retry-after': date }), json(200, health)]);
    const waits = recordingSleep();
    await new DhuolibExperimentClient({
      serviceEndpoint: endpoint,
      fetch: second.fetch,
      sleep: waits.sleep,
    }).health();
    expect(waits.delays[0]).toBeGreaterThan(3000);
    expect(waits.delays[0]).toBeLessThanOrEqual(5000);
  });

  it('really waits for Retry-After with the default sleep', async () => {
    const { fetch, sent } = scriptedFetch([json(429, {}, { 'retry-after-ms': '150' }), json(200, health)]);
    const started = performance.now();
    await new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch }).health();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(sent).toHaveLength(2);
  });

  it('falls back to backoff when Retry-After is absurd (over 60 s)', async () => {
    const { fetch } = scriptedFetch([json(429, {}, { 'retry-after': '3600' }), json(200, health)]);
    const { sleep, delays } = recordingSleep();
    await new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, sleep }).health();
    expect(delays[0]).toBeLessThanOrEqual(500);
  });

  it('retries connection errors on GETs, then throws DhuoConnectionError', async () => {
    const { fetch, sent } = scriptedFetch([connectionRefused()]);
    const { sleep } = recordingSleep();
    const error = await new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, sleep })
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoConnectionError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as DhuoConnectionError).requestId).toMatch(/^req_/);
    expect(sent).toHaveLength(3);
  });

  it('retries a POST that carries an Idempotency-Key, resending the same body and key', async () => {
    const { fetch, sent } = scriptedFetch([failure(500), connectionRefused(), json(200, experiment)]);
    const { sleep } = recordingSleep();
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, sleep });
    await client.createExperiment({ experiment_name: 'iris' });
    expect(sent).toHaveLength(3);
    const keys = sent.map((s) => s.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(sent.map((s) => JSON.parse(s.body))).toEqual(Array(3).fill({ experiment_name: 'iris' }));
  });

  it('never retries a POST without an Idempotency-Key (create project, cluster, deploy, schedule)', async () => {
    for (const call of [
      (p: DhuolibPlatformClient) => p.createBatchProject('iris'),
      (p: DhuolibPlatformClient) => p.createCluster(1),
      (p: DhuolibPlatformClient) => p.scheduleBatchRun({ schedule_interval: '0 * * * *' }),
      (p: DhuolibPlatformClient) => p.removeSchedule(),
    ]) {
      for (const answer of [failure(503), connectionRefused()]) {
        const { fetch, sent } = scriptedFetch([answer, json(200, {})]);
        const { sleep } = recordingSleep();
        const platform = new DhuolibPlatformClient({
          serviceEndpoint: endpoint,
          fetch,
          sleep,
          projectName: 'iris',
        });
        await expect(call(platform)).rejects.toBeDefined();
        expect(sent).toHaveLength(1);
      }
    }
  });

  it('honours x-should-retry: false', async () => {
    const { fetch, sent } = scriptedFetch([json(503, {}, { 'x-should-retry': 'false' }), json(200, health)]);
    await expect(
      new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch }).health(),
    ).rejects.toBeInstanceOf(DhuoInternalServerError);
    expect(sent).toHaveLength(1);
  });

  it('per-call maxRetries overrides the client', async () => {
    const { fetch, sent } = scriptedFetch([failure(429)]);
    const { sleep } = recordingSleep();
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch, sleep, maxRetries: 5 });
    await expect(client.health({ maxRetries: 1 })).rejects.toBeInstanceOf(DhuoRateLimitError);
    expect(sent).toHaveLength(2);
  });
});

describe('timeouts and aborts', () => {
  it('a request with no answer within timeout throws DhuoTimeoutError after its retries', async () => {
    const hanging = hangingFetch();
    const { sleep } = recordingSleep();
    const client = new DhuolibExperimentClient({
      serviceEndpoint: endpoint,
      fetch: hanging.fetch,
      sleep,
      timeout: 30,
    });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DhuoTimeoutError);
    expect(error).toBeInstanceOf(DhuoConnectionError);
    expect((error as Error).message).toMatch(/within 30 ms after 3 attempt/);
    expect(hanging.calls()).toBe(3);
  });

  it('a timed-out POST without an idempotency key is not repeated', async () => {
    const hanging = hangingFetch();
    const client = new DhuolibPlatformClient({
      serviceEndpoint: endpoint,
      fetch: hanging.fetch,
      timeout: 20,
      projectName: 'p',
    });
    await expect(client.createCluster(2)).rejects.toBeInstanceOf(DhuoTimeoutError);
    expect(hanging.calls()).toBe(1);
  });

  it('per-call timeout overrides the client', async () => {
    const hanging = hangingFetch();
    const client = new DhuolibExperimentClient({
      serviceEndpoint: endpoint,
      fetch: hanging.fetch,
      timeout: 60_000,
    });
    const started = performance.now();
    await expect(client.health({ timeout: 25, maxRetries: 0 })).rejects.toBeInstanceOf(DhuoTimeoutError);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("the caller's AbortSignal stops a request in flight with DhuoAbortError, without retrying", async () => {
    const hanging = hangingFetch();
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch: hanging.fetch });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(client.health({ signal: controller.signal })).rejects.toBeInstanceOf(DhuoAbortError);
    expect(hanging.calls()).toBe(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { fetch, sent } = scriptedFetch([json(200, health)]);
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch });
    await expect(client.health({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(DhuoAbortError);
    expect(sent).toHaveLength(0);
  });

  it('aborting during the wait before a retry stops at once', async () => {
    const { fetch, sent } = scriptedFetch([json(503, {}, { 'retry-after': '30' }), json(200, health)]);
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    await expect(client.health({ signal: controller.signal })).rejects.toBeInstanceOf(DhuoAbortError);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(sent).toHaveLength(1);
  });
});

describe('raw client shares the transport', () => {
  it('returns errors as values, after the same retries', async () => {
    const { fetch, sent } = scriptedFetch([failure(500), failure(500), failure(500)]);
    const { sleep } = recordingSleep();
    const raw = createDhuoRawClient({ baseUrl: endpoint, token: 'tok-1234', fetch, sleep });
    const { data, error, response } = await raw.GET('/api/health');
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ status: 500 });
    expect(response.status).toBe(500);
    expect(sent).toHaveLength(3);
    expect(sent[0]?.headers.get('x-dhuo-access-key')).toBe('tok-1234');
  });
});
