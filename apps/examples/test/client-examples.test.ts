// Runs the one-per-client example programs against the emulator, behind Prism's validating proxy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@dhuolib/mock-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as experimentExample } from '../src/experiment-client.js';
import { main as platformExample } from '../src/platform-client.js';
import { main as repositoryExample } from '../src/repository.js';

const dir = mkdtempSync(join(tmpdir(), 'dhuolib-examples-'));
let server: MockServer;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const datalakeUrl = `sqlite:///${join(dir, 'datalake.db')}`;
  server = await startMockServer({
    mode: 'stateful',
    dataDir: join(dir, 'emulator'),
    validate: true,
    datalakeUrl,
    log: false,
  });
  vi.stubEnv('DHUO_SERVICE_ENDPOINT', server.url);
  vi.stubEnv('DHUO_TOKEN', server.token);
  vi.stubEnv('DHUO_DATABASE_URL', datalakeUrl);
  vi.stubEnv('DHUO_DEMO_DIR', dir);
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('per-client examples', () => {
  it('experiment-client: uploads, registers, promotes, downloads and predicts', async () => {
    const result = await experimentExample();
    expect(result.version).toBe('1');
    expect(result.predictions).toEqual(['Iris-setosa', 'Iris-virginica']);
  });

  it('platform-client: deploys, runs, schedules and reports', async () => {
    const result = await platformExample();
    expect(result.status).toBe('SUCCEEDED');
    expect(result.next_runs).toHaveLength(5);
  });

  it('repository: creates, inserts, pages, filters, writes versions and streams', async () => {
    const result = await repositoryExample();
    expect(result).toEqual({ versions: [1, 2], filtered: 2, streamed: 4 });
  });
});
