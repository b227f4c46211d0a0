import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Auth,
  type DhuoApiError,
  DhuolibExperimentClient,
  DhuolibPlatformClient,
  DhuoValidationError,
} from '../../src/index.js';
import { connectionRefused, hangingFetch, json, scriptedFetch } from '../support/fake-fetch.js';

const secret = 'sk-very-secret-token-0123456789';
const endpoint = 'http://dhuo.test';
const printed: string[] = [];

beforeEach(() => {
  printed.length = 0;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      printed.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
});
afterEach(() => vi.restoreAllMocks());

function everything(error: unknown): string {
  const e = error as Error & Record<string, unknown>;
  return [
    e.message,
    e.stack,
    JSON.stringify(e),
    String(e.cause),
    JSON.stringify(e.body ?? ''),
    JSON.stringify([...((e.headers as Headers | undefined) ?? new Headers())]),
  ].join('\n');
}

describe('the token never appears in errors or logs', () => {
  for (const token of [secret, `Bearer ${secret}`]) {
    it(`${token.startsWith('Bearer') ? 'bearer' : 'access-key'} token, debug logging, every failure kind`, async () => {
      const failures = [
        scriptedFetch([json(401, { code: 'unauthorized', message: 'bad token', status: 401 })]).fetch,
        scriptedFetch([json(500, { code: 'x', message: 'boom', status: 500 })]).fetch,
        scriptedFetch([connectionRefused()]).fetch,
        hangingFetch().fetch,
      ];
      for (const fetch of failures) {
        const client = new DhuolibExperimentClient({
          serviceEndpoint: endpoint,
          token,
          fetch,
          logLevel: 'debug',
          timeout: 20,
          sleep: async () => undefined,
        });
        const error = await client.searchModels({ filter_string: "name = 'iris'" }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Error);
        expect(everything(error)).not.toContain(secret);
      }
      expect(printed.length).toBeGreaterThan(0);
      expect(printed.join('\n')).toContain('***');
      expect(printed.join('\n')).not.toContain(secret);
    });
  }

  it('a service that echoes the token in its error message is scrubbed', async () => {
    const { fetch } = scriptedFetch([
      json(403, { code: 'forbidden', message: `token ${secret} may not`, status: 403 }),
    ]);
    const client = new DhuolibPlatformClient({
      serviceEndpoint: endpoint,
      token: secret,
      fetch,
      projectName: 'p',
    });
    const error = await client.batchRun().catch((e: unknown) => e);
    expect((error as Error).message).toContain('token *** may not');
    expect(everything(error)).not.toContain(secret);
    expect((error as DhuoApiError).body).toMatchObject({ code: 'forbidden', message: 'token *** may not' });
  });

  it('a malformed token is rejected without echoing it', () => {
    const bad = `${secret}\r\nX-Evil: 1`;
    const error = (() => {
      try {
        new DhuolibExperimentClient({ serviceEndpoint: endpoint, token: bad });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DhuoValidationError);
    expect(everything(error)).not.toContain(secret);
  });

  it('Auth never exposes the token it keeps', async () => {
    const { fetch } = scriptedFetch([json(200, { valid: true, scheme: 'access_key' })]);
    const auth = new Auth({ serviceEndpoint: endpoint, fetch });
    await auth.login(secret);
    expect(JSON.stringify(auth)).not.toContain(secret);
    expect(Object.values(auth)).not.toContain(secret);
    expect(printed.join('\n')).not.toContain(secret);
  });
});
