import { describe, expect, it } from 'vitest';
import { DhuolibExperimentClient, DhuoNotFoundError } from '../../src/index.js';
import { json, scriptedFetch } from '../support/fake-fetch.js';

const endpoint = 'http://dhuo.test';
const model = (name: string) => ({
  model_id: name,
  model_name: name,
  creation_time: 1,
  last_update_time: 1,
  tags: {},
});

describe('paginated searches', () => {
  it('await gives the first page; for await walks every page with next_page_token', async () => {
    const { fetch, sent } = scriptedFetch([
      json(200, { models: [model('a'), model('b')], next_page_token: 'p2' }),
      json(200, { models: [model('c')], next_page_token: 'p3' }),
      json(200, { models: [model('d')], next_page_token: null }),
    ]);
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch });
    const names: string[] = [];
    for await (const m of client.searchModels({ filter_string: "name LIKE '%'", max_results: 2 }))
      names.push(m.model_name);
    expect(names).toEqual(['a', 'b', 'c', 'd']);
    const queries = sent.map((s) => new URL(s.url).searchParams);
    expect(queries.map((q) => q.get('page_token'))).toEqual([null, 'p2', 'p3']);
    expect(
      queries.every((q) => q.get('max_results') === '2' && q.get('filter_string') === "name LIKE '%'"),
    ).toBe(true);
  });

  it('nothing is sent until the page is awaited or iterated, and awaiting twice sends once', async () => {
    const { fetch, sent } = scriptedFetch([json(200, { models: [model('a')] })]);
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch });
    const pending = client.searchModels();
    expect(sent).toHaveLength(0);
    expect((await pending).models).toHaveLength(1);
    await pending;
    expect(sent).toHaveLength(1);
  });

  it('a token the service already gave stops the walk instead of looping', async () => {
    const { fetch, sent } = scriptedFetch([
      json(200, { experiments: [], next_page_token: 'same' }),
      json(200, { experiments: [], next_page_token: 'same' }),
    ]);
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch });
    expect(await client.searchExperiments().toArray()).toEqual([]);
    expect(sent).toHaveLength(2);
  });

  it('searchRuns on a missing experiment (204) is an empty page', async () => {
    const { fetch } = scriptedFetch([new Response(null, { status: 204 })]);
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch });
    expect(await client.searchRuns({ experiment_name: 'nope' })).toEqual({ runs: [], next_page_token: null });
  });

  it('an error on a later page rejects the iteration with its class', async () => {
    const { fetch } = scriptedFetch([
      json(200, { models: [model('a')], next_page_token: 'p2' }),
      json(404, { code: 'not_found', message: 'page gone', status: 404 }),
    ]);
    const client = new DhuolibExperimentClient({ serviceEndpoint: endpoint, fetch });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const m of client.searchModels()) seen.push(m.model_name);
      })(),
    ).rejects.toBeInstanceOf(DhuoNotFoundError);
    expect(seen).toEqual(['a']);
  });
});
