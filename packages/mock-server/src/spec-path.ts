import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds openapi/dhuo.yaml: the copy shipped in the package (`<pkg>/openapi`, made by the build),
 * else the monorepo's, walking up from this file.
 */
export function findSpec(explicit?: string): string {
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`specPath ${explicit} does not exist`);
    return explicit;
  }
  // From src/ (development) the monorepo's spec wins over a copy left by a build; from dist/ the copy does.
  const fromSource = basename(dirname(fileURLToPath(import.meta.url))) === 'src';
  const found: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'openapi', 'dhuo.yaml');
    if (existsSync(candidate)) {
      if (!fromSource) return candidate;
      found.push(candidate);
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const last = found.at(-1);
  if (last) return last;
  throw new Error('openapi/dhuo.yaml was not found next to @dhuolib/mock-server or above it; pass specPath');
}

/**
 * The node_modules batch scripts get (for .ts scripts importing `@dhuolib/*`): the nearest one
 * walking up from `from` that holds `@dhuolib/sdk`, else the nearest one, else null.
 */
export function findNodeModules(from: string = process.cwd()): string | null {
  let nearest: string | null = null;
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate)) {
      if (existsSync(join(candidate, '@dhuolib', 'sdk'))) return candidate;
      nearest ??= candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return nearest;
    dir = parent;
  }
}
