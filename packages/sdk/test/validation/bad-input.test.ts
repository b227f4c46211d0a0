import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Auth,
  DhuolibExperimentClient,
  DhuolibPlatformClient,
  DhuoValidationError,
  nextCronRuns,
} from '../../src/index.js';

let calls = 0;
const countingFetch = async () => {
  calls += 1;
  return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
};
const options = { serviceEndpoint: 'http://dhuo.test', fetch: countingFetch, token: 'k-1234' };
let dir: string;
let file: string;
const client = () => new DhuolibExperimentClient({ ...options, cacheDir: join(dir, 'cache') });
const platform = (projectName?: string) => new DhuolibPlatformClient({ ...options, projectName });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dhuo-validation-'));
  file = join(dir, 'model.onnx');
  await writeFile(file, 'bytes');
  await writeFile(join(dir, 'requirements.txt'), 'x\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

type Case = [name: string, param: RegExp, call: () => unknown];

const cases = (): Case[] => [
  ['empty experiment name', /^experiment_name$/, () => client().createExperiment({ experiment_name: '' })],
  ['blank experiment name', /^experiment_name$/, () => client().createExperiment({ experiment_name: '   ' })],
  [
    'non-string tag',
    /^experiment_tags\.n$/,
    () => client().createExperiment({ experiment_name: 'x', experiment_tags: { n: 1 as never } }),
  ],
  [
    'tags as an array',
    /^tags$/,
    () =>
      client().executeRunForExperiment({
        type_model: 'onnx',
        experiment_name: 'x',
        tags: ['a'] as never,
        modelpkl_path: file,
      }),
  ],
  [
    'non-string run tag',
    /^tags\.v$/,
    () => client().createModel({ modelname: 'm', run_id: 'r', model_uri: 'u', tags: { v: true as never } }),
  ],
  [
    'unknown stage on createModel',
    /^stage$/,
    () => client().createModel({ modelname: 'm', run_id: 'r', model_uri: 'u', stage: 'Prod' as never }),
  ],
  [
    'unknown stage on transition',
    /^stage$/,
    () => client().transitionModel({ model_name: 'm', version: 1, stage: 'production' as never }),
  ],
  [
    'version 0',
    /^version$/,
    () => client().transitionModel({ model_name: 'm', version: 0, stage: 'Production' }),
  ],
  [
    'empty model name',
    /^modelname$/,
    () => client().createModel({ modelname: '', run_id: 'r', model_uri: 'u' }),
  ],
  [
    'missing model file (chunked)',
    /^modelpkl_path$/,
    () =>
      client().executeRunForExperiment({
        type_model: 'onnx',
        experiment_name: 'x',
        modelpkl_path: join(dir, 'nope.pkl'),
      }),
  ],
  [
    'missing requirements (multipart)',
    /^requirements_path$/,
    () =>
      client().runExperiment({
        type_model: 'onnx',
        experiment_id: '1',
        modelpkl_path: file,
        requirements_path: join(dir, 'missing.txt'),
      }),
  ],
  [
    'directory as model',
    /^modelpkl_path$/,
    () => client().runExperiment({ type_model: 'onnx', experiment_id: '1', modelpkl_path: dir }),
  ],
  [
    'empty type_model',
    /^type_model$/,
    () => client().runExperiment({ type_model: '', experiment_id: '1', modelpkl_path: file }),
  ],
  [
    'chunk size 0',
    /^chunkSize$/,
    () =>
      client().executeRunForExperiment(
        { type_model: 'o', experiment_name: 'x', modelpkl_path: file },
        { chunkSize: 0 },
      ),
  ],
  [
    'download with neither stage nor run',
    /^stage$/,
    () => client().downloadModel({ experiment_name: 'e', modelname: 'm' }),
  ],
  [
    'download with both stage and run',
    /^stage$/,
    () => client().downloadModel({ experiment_name: 'e', modelname: 'm', stage: 'Production', run_id: 'r' }),
  ],
  [
    'download into ..',
    /^batch_model_dir$/,
    () =>
      client().downloadModel({
        experiment_name: 'e',
        modelname: 'm',
        stage: 'Production',
        batch_model_dir: '..',
      }),
  ],
  ['max_results 0', /^max_results$/, () => client().searchModels({ max_results: 0 })],
  ['unknown view_type', /^view_type$/, () => client().searchExperiments({ view_type: 'SOME' as never })],
  ['search runs without experiment', /^experiment_name$/, () => client().searchRuns({ experiment_name: '' })],
  ['empty CSV', /^data$/, () => client().predictOnline({ modelname: 'm', data: '' })],
  ['cluster size 4', /^cluster_size$/, () => platform('p').createCluster(4 as never)],
  ['cluster size "HUGE"', /^cluster_size$/, () => platform('p').createCluster('HUGE' as never)],
  [
    'invalid cron',
    /^schedule_interval$/,
    () => platform('p').scheduleBatchRun({ schedule_interval: '61 * * * *' }),
  ],
  [
    'cron with seven fields',
    /^schedule_interval$/,
    () => platform('p').scheduleBatchRun({ schedule_interval: '0 0 */5 * * * 2027' }),
  ],
  [
    'cron with four fields',
    /^schedule_interval$/,
    () => platform('p').scheduleBatchRun({ schedule_interval: '*/5 * * *' }),
  ],
  [
    'cron gibberish',
    /^schedule_interval$/,
    () => platform('p').scheduleBatchRun({ schedule_interval: 'every day' }),
  ],
  ['no project name anywhere', /^project_name$/, () => platform().batchRun()],
  ['bad project name', /^project_name$/, () => platform().createBatchProject('my project!')],
  [
    'missing deploy script',
    /^script_filename$/,
    () =>
      platform('p').deployBatchProject({
        script_filename: join(dir, 'script.py'),
        requirements_filename: join(dir, 'requirements.txt'),
      }),
  ],
  [
    'missing deploy requirements',
    /^requirements_filename$/,
    () =>
      platform('p').deployBatchProject({
        script_filename: file.replace('model.onnx', 'requirements.txt'),
        requirements_filename: join(dir, 'none.txt'),
      }),
  ],
  ['batch run id 0', /^batch_run_id$/, () => platform('p').getBatchRun(0)],
  ['empty token to login', /^token$/, () => new Auth(options).login('')],
  ['negative timeout on a call', /^timeout$/, () => client().health({ timeout: -1 })],
  ['fractional maxRetries on a call', /^maxRetries$/, () => client().health({ maxRetries: 1.5 })],
  ['zero timeout on the client', /^timeout$/, () => new DhuolibExperimentClient({ ...options, timeout: 0 })],
];

describe('bad input is a DhuoValidationError before any request', () => {
  for (const [name, param, call] of cases()) {
    it(name, async () => {
      calls = 0;
      const error = await Promise.resolve()
        .then(call)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DhuoValidationError);
      expect((error as DhuoValidationError).param).toMatch(param);
      expect((error as Error).message).toContain((error as DhuoValidationError).param);
      expect(calls).toBe(0);
    });
  }

  it('the unknown-stage message lists the valid stages', async () => {
    const error = await client()
      .transitionModel({ model_name: 'm', version: 1, stage: 'Prod' as never })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Invalid stage: expected one of None, Staging, Production, Archived, got "Prod".',
    );
  });

  it('a missing file names the path', async () => {
    const missing = join(dir, 'nope.pkl');
    const error = await client()
      .executeRunForExperiment({ type_model: 'onnx', experiment_name: 'x', modelpkl_path: missing })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toContain('does not exist');
  });

  it('a missing serviceEndpoint is a DhuoValidationError naming it and the variable', () => {
    const saved = process.env.DHUO_SERVICE_ENDPOINT;
    delete process.env.DHUO_SERVICE_ENDPOINT;
    try {
      expect(() => new DhuolibExperimentClient()).toThrow(DhuoValidationError);
      expect(() => new DhuolibExperimentClient()).toThrow(/serviceEndpoint.*DHUO_SERVICE_ENDPOINT/);
      expect(() => new DhuolibPlatformClient({ serviceEndpoint: 'ftp://x' })).toThrow(/serviceEndpoint/);
      expect(() => new DhuolibPlatformClient({ serviceEndpoint: 'http://h:8000/api/' })).toThrow(
        /without \/api, e.g. http:\/\/h:8000/,
      );
    } finally {
      if (saved !== undefined) process.env.DHUO_SERVICE_ENDPOINT = saved;
    }
  });

  it('cluster sizes accept 1 | 2 | 3 and SMALL | MEDIUM | LARGE', async () => {
    const sent: unknown[] = [];
    const fetch = async (request: Request) => {
      sent.push(await request.json());
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const p = new DhuolibPlatformClient({ serviceEndpoint: 'http://dhuo.test', fetch, projectName: 'p' });
    for (const size of [1, 2, 3, 'SMALL', 'MEDIUM', 'LARGE', 'large'] as const)
      await p.createCluster(size as never);
    expect(sent.map((b) => (b as { cluster_size: number }).cluster_size)).toEqual([1, 2, 3, 1, 2, 3, 3]);
  });

  it('nextCronRuns takes six fields with seconds first', () => {
    expect(nextCronRuns('*/30 * * * * *', { from: new Date('2026-12-03T13:02:10Z'), count: 2 })).toEqual([
      '2026-12-03T13:02:30.000Z',
      '2026-12-03T13:03:00.000Z',
    ]);
  });

  it('nextCronRuns lists the next runs in UTC', () => {
    expect(nextCronRuns('*/5 * * * *', { from: new Date('2026-12-03T13:02:00Z'), count: 3 })).toEqual([
      '2026-12-03T13:05:00.000Z',
      '2026-12-03T13:10:00.000Z',
      '2026-12-03T13:15:00.000Z',
    ]);
  });
});
