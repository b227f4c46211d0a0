import { stat } from 'node:fs/promises';
import type { LoadedModel, ModelRuntime } from './model-runtime.js';

/** Loaded models kept in memory, most recently used last. */
const cache = new Map<string, Promise<LoadedModel>>();

/** How many loaded models stay in memory (ONNX sessions hold native memory). */
export const LOADED_MODEL_CACHE_SIZE = 4;

/**
 * Loads a model once per artifact: the key is the runtime, the artifact's SHA-256 (when known),
 * path, size and modification time, so a re-downloaded artifact is loaded again.
 */
export async function loadModelCached(
  runtime: ModelRuntime,
  path: string,
  sha256?: string,
): Promise<LoadedModel> {
  const info = await stat(path);
  const key = `${runtime.name}\0${sha256 ?? ''}\0${path}\0${info.size}\0${info.mtimeMs}`;
  let loading = cache.get(key);
  if (loading) {
    cache.delete(key);
  } else {
    loading = runtime.load(path);
    loading.catch(() => cache.delete(key));
  }
  cache.set(key, loading);
  while (cache.size > LOADED_MODEL_CACHE_SIZE) {
    const [oldest, evicted] = cache.entries().next().value as [string, Promise<LoadedModel>];
    cache.delete(oldest);
    evicted.then((model) => model.dispose?.()).catch(() => undefined);
  }
  return loading;
}

/** Frees every loaded model (e.g. before exit, or in tests). */
export async function clearLoadedModels(): Promise<void> {
  const models = [...cache.values()];
  cache.clear();
  await Promise.allSettled(models.map(async (m) => (await m).dispose?.()));
}
