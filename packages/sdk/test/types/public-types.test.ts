import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '../../src/generated/dhuo.js';
import type {
  DhuoApiError,
  DhuolibExperimentClient,
  DhuolibPlatformClient,
  DhuoRawClient,
  DownloadedModel,
  Experiment,
  ExperimentPage,
  PagePromise,
  Run,
  ScheduleResult,
  Stage,
} from '../../src/index.js';

describe('public types', () => {
  it('responses are the spec schemas', () => {
    expectTypeOf<DhuolibExperimentClient['createExperiment']>().returns.resolves.toEqualTypeOf<Experiment>();
    expectTypeOf<Experiment>().toEqualTypeOf<components['schemas']['Experiment']>();
    expectTypeOf<DhuolibExperimentClient['runExperiment']>().returns.resolves.toEqualTypeOf<Run>();
    expectTypeOf<Run['run_id']>().toEqualTypeOf<string>();
  });

  it('searches are a page promise and an async iterable of items', () => {
    type Search = ReturnType<DhuolibExperimentClient['searchExperiments']>;
    expectTypeOf<Search>().toEqualTypeOf<PagePromise<ExperimentPage, Experiment>>();
    expectTypeOf<Awaited<Search>>().toEqualTypeOf<ExperimentPage>();
    expectTypeOf<Search>().toMatchTypeOf<AsyncIterable<Experiment>>();
  });

  it('request objects take the wire names and stages', () => {
    type Params = Parameters<DhuolibExperimentClient['createModel']>[0];
    expectTypeOf<Params>().toHaveProperty('modelname').toEqualTypeOf<string>();
    expectTypeOf<Params['stage']>().toEqualTypeOf<Stage | undefined>();
    expectTypeOf<Stage>().toEqualTypeOf<'None' | 'Staging' | 'Production' | 'Archived'>();
  });

  it('downloadModel keeps the contract batch prediction relies on', () => {
    expectTypeOf<
      DhuolibExperimentClient['downloadModel']
    >().returns.resolves.toEqualTypeOf<DownloadedModel>();
    expectTypeOf<DownloadedModel>().toEqualTypeOf<{
      path: string;
      sha256?: string | undefined;
      model_version?: string | undefined;
      run_id?: string | undefined;
      type_model?: string | undefined;
      cached: boolean;
    }>();
  });

  it('platform inputs are narrowed', () => {
    expectTypeOf<DhuolibPlatformClient['createCluster']>()
      .parameter(0)
      .toEqualTypeOf<1 | 2 | 3 | 'SMALL' | 'MEDIUM' | 'LARGE'>();
    expectTypeOf<ScheduleResult['expected_next_runs']>().toEqualTypeOf<string[]>();
  });

  it('errors carry status, body and request id; the raw client returns values', () => {
    expectTypeOf<DhuoApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<DhuoApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Awaited<ReturnType<DhuoRawClient['GET']>>>().toHaveProperty('response');
  });
});
