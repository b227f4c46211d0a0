import { DhuoMissingDependencyError } from './prediction-errors.js';

/** Whether an import failed because the package is not installed (also when a loader wrapped the error). */
function isNotFound(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  }
  return false;
}

/** Imports an optional peer dependency, turning "not installed" into a {@link DhuoMissingDependencyError}. */
export async function importOptional<T>(name: string, purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isNotFound(error)) throw new DhuoMissingDependencyError(name, purpose);
    throw error;
  }
}
