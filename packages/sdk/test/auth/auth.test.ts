import { afterEach, describe, expect, it } from 'vitest';
import {
  Auth,
  DhuoAuthenticationError,
  DhuolibExperimentClient,
  DhuolibPlatformClient,
  DhuoValidationError,
} from '../../src/index.js';
import { json, scriptedFetch } from '../support/fake-fetch.js';

const saved = { endpoint: process.env.DHUO_SERVICE_ENDPOINT, token: process.env.DHUO_TOKEN };
afterEach(() => {
  for (const [name, value] of [
    ['DHUO_SERVICE_ENDPOINT', saved.endpoint],
    ['DHUO_TOKEN', saved.token],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('Auth', () => {
  it('login checks the token against the service, then isLogged / logout', async () => {
    const { fetch, sent } = scriptedFetch([json(200, { valid: true, scheme: 'bearer' })]);
    const auth = new Auth({ serviceEndpoint: 'http://dhuo.test', fetch });
    expect(auth.isLogged()).toBe(false);
    expect(await auth.login('Bearer abc.def')).toEqual({ valid: true, scheme: 'bearer' });
    expect(sent[0]?.url).toBe('http://dhuo.test/api/auth/verify');
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer abc.def');
    expect(auth.isLogged()).toBe(true);
    auth.logout();
    expect(auth.isLogged()).toBe(false);
  });

  it('a rejected token throws DhuoAuthenticationError and leaves the Auth logged out', async () => {
    const { fetch } = scriptedFetch([
      json(401, { code: 'unauthorized', message: 'unknown token', status: 401 }),
    ]);
    const auth = new Auth({ serviceEndpoint: 'http://dhuo.test', fetch });
    await expect(auth.login('wrong-token')).rejects.toBeInstanceOf(DhuoAuthenticationError);
    expect(auth.isLogged()).toBe(false);
  });

  it('clients take a logged-in Auth and send its token', async () => {
    const { fetch, sent } = scriptedFetch([json(200, { valid: true }), json(200, { status: 'ok' })]);
    const auth = new Auth({ serviceEndpoint: 'http://dhuo.test', fetch });
    expect(() => new DhuolibExperimentClient({ serviceEndpoint: 'http://dhuo.test', fetch, auth })).toThrow(
      DhuoValidationError,
    );
    await auth.login('key-from-auth');
    await new DhuolibExperimentClient({ serviceEndpoint: 'http://dhuo.test', fetch, auth }).health();
    expect(sent[1]?.headers.get('x-dhuo-access-key')).toBe('key-from-auth');
  });

  it('DHUO_SERVICE_ENDPOINT and DHUO_TOKEN are the defaults', async () => {
    process.env.DHUO_SERVICE_ENDPOINT = 'http://from-env.test:9000/';
    process.env.DHUO_TOKEN = 'env-token';
    const { fetch, sent } = scriptedFetch([json(200, { valid: true }), json(200, [])]);
    const auth = new Auth({ fetch });
    await auth.login();
    const platform = new DhuolibPlatformClient({ fetch, projectName: 'p' });
    expect(platform.serviceEndpoint).toBe('http://from-env.test:9000');
    await platform.pipelineStatusReport();
    expect(sent.map((s) => [s.url, s.headers.get('x-dhuo-access-key')])).toEqual([
      ['http://from-env.test:9000/api/auth/verify', 'env-token'],
      ['http://from-env.test:9000/api/deploy/p', 'env-token'],
    ]);
  });

  it('options win over the environment', async () => {
    process.env.DHUO_TOKEN = 'env-token';
    const { fetch, sent } = scriptedFetch([json(200, { status: 'ok' })]);
    await new DhuolibExperimentClient({
      serviceEndpoint: 'http://dhuo.test',
      token: 'option-token',
      fetch,
    }).health();
    expect(sent[0]?.headers.get('x-dhuo-access-key')).toBe('option-token');
  });
});
