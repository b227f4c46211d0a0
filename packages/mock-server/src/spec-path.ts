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

/** The nearest node_modules holding tsx, walking up from `from` (linked into deploy dirs for batch scripts), or null. */
export function findNodeModules(from: string = process.cwd()): string | null {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules');
    // A tool's cache dir (e.g. node_modules/.vite) is no install: look for the runner .ts scripts need.
    if (existsSync(join(candidate, 'tsx', 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
