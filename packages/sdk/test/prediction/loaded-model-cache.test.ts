import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { clearLoadedModels, type LoadedModel, type ModelRuntime } from '../../src/prediction/index.js';
import { acquireModel, LOADED_MODEL_CACHE_SIZE } from '../../src/prediction/loaded-model-cache.js';

function countingRuntime() {
  const disposed: string[] = [];
  const load = vi.fn(
    async (path: string): Promise<LoadedModel> => ({
      runtime: 'counting',
      kind: 'regressor',
      async predict() {
        return { predictions: [] };
      },
      async dispose() {
        disposed.push(path);
      },
    }),
  );
  const runtime: ModelRuntime = { name: 'counting', load };
  return { runtime, load, disposed };
}

async function files(n: number): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dhuolib-cache-'));
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const path = join(dir, `m${i}`);
      await writeFile(path, `model ${i}`);
      return path;
    }),
  );
}

describe('loaded model cache', () => {
  it('loads an artifact once, reloads it when the file changes', async () => {
    const { runtime, load } = countingRuntime();
    const [path] = await files(1);
    (await acquireModel(runtime, path!, 'sha')).release();
    (await acquireModel(runtime, path!, 'sha')).release();
    expect(load).toHaveBeenCalledTimes(1);
    await writeFile(path!, 'a longer model file');
    (await acquireModel(runtime, path!)).release();
    expect(load).toHaveBeenCalledTimes(2);
    await clearLoadedModels();
  });

  it('disposes an evicted model only after the prediction using it releases it', async () => {
    const { runtime, disposed } = countingRuntime();
    const paths = await files(LOADED_MODEL_CACHE_SIZE + 1);
    const busy = await acquireModel(runtime, paths[0]!);
    for (const path of paths.slice(1)) (await acquireModel(runtime, path)).release();
    await new Promise((r) => setTimeout(r, 10));
    expect(disposed).toEqual([]);
    busy.release();
    await new Promise((r) => setTimeout(r, 10));
    expect(disposed).toEqual([paths[0]]);
    await clearLoadedModels();
    await new Promise((r) => setTimeout(r, 10));
    expect(disposed.sort()).toEqual([...paths].sort());
  });

  it('forgets a model that failed to load', async () => {
    const [path] = await files(1);
    const load = vi
      .fn()
      .mockRejectedValueOnce(new Error('boom'))
      .mockResolvedValue({
        runtime: 'flaky',
        kind: 'regressor',
        predict: async () => ({ predictions: [] }),
      });
    const runtime: ModelRuntime = { name: 'flaky', load };
    await expect(acquireModel(runtime, path!)).rejects.toThrow('boom');
    (await acquireModel(runtime, path!)).release();
    expect(load).toHaveBeenCalledTimes(2);
    await clearLoadedModels();
  });
});
