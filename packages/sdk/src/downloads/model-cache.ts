import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DhuoValidationError } from '../core/errors.js';

/** What the cache remembers about a downloaded artifact, beside it as `<file>.json`. */
export interface CachedArtifact {
  sha256?: string | undefined;
  model_version?: string | undefined;
  run_id?: string | undefined;
  type_model?: string | undefined;
  size: number;
  downloaded_at: string;
}

/** Makes a name safe as one path segment (no separators, no `..`). */
export function cacheSegment(value: string, param: string): string {
  const safe = value.replace(/[^A-Za-z0-9._-]/g, '_');
  if (safe === '' || safe === '.' || safe === '..') {
    throw new DhuoValidationError(
      param,
      'a name usable as a file name (not "." or "..")',
      JSON.stringify(value),
    );
  }
  return safe;
}

/** Where an artifact lives: `<cacheDir>/<experiment>/<model>/<v<version> | run-<run_id>>/<file>`. */
export function artifactPath(
  cacheDir: string,
  parts: { experiment: string; model: string; key: string; file: string },
): string {
  return resolve(
    join(
      cacheDir,
      cacheSegment(parts.experiment, 'experiment_name'),
      cacheSegment(parts.model, 'modelname'),
      parts.key,
      parts.file,
    ),
  );
}

/** The cache record of an artifact, when both the file and its record exist and agree on size. */
export async function readCached(path: string): Promise<CachedArtifact | undefined> {
  try {
    const [record, info] = await Promise.all([readFile(`${path}.json`, 'utf8'), stat(path)]);
    const parsed = JSON.parse(record) as CachedArtifact;
    return info.isFile() && info.size === parsed.size ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache record beside an artifact. */
export async function writeCached(path: string, record: CachedArtifact): Promise<void> {
  await writeFile(`${path}.json`, `${JSON.stringify(record, null, 2)}\n`);
}
