import { stat } from 'node:fs/promises';
import type { LoadedModel, ModelRuntime } from './model-runtime.js';

interface Entry {
  readonly loading: Promise<LoadedModel>;
  /** Predictions using the model right now. */
  users: number;
  /** Dropped from the cache: dispose once the last user is done. */
  evicted: boolean;
}

/** Loaded models kept in memory, most recently used last. */
const cache = new Map<string, Entry>();

/** How many loaded models stay in memory (ONNX sessions hold native memory). */
export const LOADED_MODEL_CACHE_SIZE = 4;

/** A loaded model lent to one prediction; `release()` when done. */
export interface ModelLease {
  readonly model: LoadedModel;
  release(): void;
}

function dispose(entry: Entry): void {
  entry.loading.then((model) => model.dispose?.()).catch(() => undefined);
}

function evict(key: string, entry: Entry): void {
  cache.delete(key);
  entry.evicted = true;
  if (entry.users === 0) dispose(entry);
}

/**
 * Loads a model once per artifact and lends it: the key is the runtime, the artifact's SHA-256
 * (when known), path, size and modification time, so a re-downloaded artifact is loaded again.
 * A model evicted while predictions use it is disposed when the last of them releases it.
 */
export async function acquireModel(
  runtime: ModelRuntime,
  path: string,
  sha256?: string,
): Promise<ModelLease> {
  const info = await stat(path);
  const key = `${runtime.name}\0${sha256 ?? ''}\0${path}\0${info.size}\0${info.mtimeMs}`;
  let entry = cache.get(key);
  if (entry) {
    cache.delete(key); // re-inserted below as the most recently used
  } else {
    entry = { loading: runtime.load(path), users: 0, evicted: false };
    const created = entry;
    created.loading.catch(() => {
      if (cache.get(key) === created) cache.delete(key);
    });
  }
  cache.set(key, entry);
  entry.users += 1;
  for (const [oldKey, old] of cache) {
    if (cache.size <= LOADED_MODEL_CACHE_SIZE) break;
    evict(oldKey, old);
  }
  const lent = entry;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    lent.users -= 1;
    if (lent.evicted && lent.users === 0) dispose(lent);
  };
  try {
    return { model: await lent.loading, release };
  } catch (error) {
    release();
    throw error;
  }
}

/** Frees every loaded model not in use, and the others once their predictions finish. */
export async function clearLoadedModels(): Promise<void> {
  const entries = [...cache];
  for (const [key, entry] of entries) evict(key, entry);
  await Promise.allSettled(entries.map(([, entry]) => entry.loading));
}
