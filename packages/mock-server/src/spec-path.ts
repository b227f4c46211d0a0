import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'openapi', 'dhuo.yaml');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('openapi/dhuo.yaml was not found next to @dhuolib/mock-server or above it; pass specPath');
}

/** The nearest node_modules walking up from `from` (for batch scripts), or null. */
export function findNodeModules(from: string = process.cwd()): string | null {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
