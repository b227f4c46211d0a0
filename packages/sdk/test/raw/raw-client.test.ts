import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDhuoRawClient } from '../../src/index.js';
import { type PrismMock, startPrism } from '../support/prism.js';

let prism: PrismMock;
beforeAll(async () => {
  prism = await startPrism();
});
afterAll(() => prism?.stop());

describe('createDhuoRawClient against a Prism mock of the spec', () => {
  it('calls typed operations and returns { data, error, response }', async () => {
    const raw = createDhuoRawClient({ baseUrl: prism.url, token: 'raw-key' });
    const { data, error, response } = await raw.GET('/api/experiment/search', {
      params: { query: { filter_string: "name = 'iris-classification'", max_results: 10 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.experiments[0]?.experiment_name).toBe('iris-classification');
  });

  it('keeps HTTP errors as values (no throw)', async () => {
    const raw = createDhuoRawClient({ baseUrl: prism.url, token: 'raw-key', maxRetries: 0 });
    const { data, error, response } = await raw.GET('/api/models/{model_name}', {
      params: { path: { model_name: 'nope' } },
      headers: { Prefer: 'code=404' },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('uses a custom fetch', async () => {
    const seen: string[] = [];
    const raw = createDhuoRawClient({
      baseUrl: prism.url,
      fetch: (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });
    const { data } = await raw.GET('/api/health');
    expect(data).toEqual({ status: 'ok', version: '1.0.0' });
    expect(seen).toEqual(['GET /api/health']);
  });
});
