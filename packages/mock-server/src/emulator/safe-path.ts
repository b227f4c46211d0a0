import { isAbsolute, relative, resolve } from 'node:path';
import { invalid } from './api-error.js';

/** Joins `parts` under `root`, refusing (400, naming `param`) any result outside `root`. */
export function safeJoin(root: string, param: string, ...parts: string[]): string {
  for (const p of parts) {
    if (
      p.length === 0 ||
      p.includes('\0') ||
      p.includes('/') ||
      p.includes('\\') ||
      p === '.' ||
      p === '..'
    ) {
      throw invalid(param, `${param} must be a plain file name without path separators or '..'`);
    }
  }
  const full = resolve(root, ...parts);
  const rel = relative(resolve(root), full);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw invalid(param, `${param} must stay inside the emulator's data directory`);
  }
  return full;
}
