import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const specPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../openapi/dhuo.yaml');

/** One operation of the spec: method, path template and operationId. */
export interface SpecOperation {
  method: string;
  path: string;
  operationId: string;
  pattern: RegExp;
}

/** Every operation of openapi/dhuo.yaml, read from its `paths` block. */
export function specOperations(): SpecOperation[] {
  const lines = readFileSync(specPath, 'utf8').split('\n');
  const out: SpecOperation[] = [];
  let inPaths = false;
  let path: string | undefined;
  let method: string | undefined;
  for (const line of lines) {
    if (/^paths:\s*$/.test(line)) inPaths = true;
    else if (/^\S/.test(line)) inPaths = false;
    if (!inPaths) continue;
    const pathMatch = /^ {2}(\/\S+):\s*$/.exec(line);
    if (pathMatch) path = pathMatch[1];
    const methodMatch = /^ {4}(get|post|put|patch|delete|head|options):\s*$/.exec(line);
    if (methodMatch) method = methodMatch[1];
    const idMatch = /^ {6}operationId:\s*(\S+)\s*$/.exec(line);
    if (idMatch && path && method) {
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      out.push({ method: method.toUpperCase(), path, operationId: idMatch[1] as string, pattern });
    }
  }
  return out;
}

/** The operation a request hits (literal segments win over templated ones). */
export function operationFor(
  operations: SpecOperation[],
  method: string,
  url: string,
): SpecOperation | undefined {
  const pathname = new URL(url).pathname;
  const matches = operations.filter((op) => op.method === method && op.pattern.test(pathname));
  return matches.sort((a, b) => templated(a.path) - templated(b.path))[0];
}

function templated(path: string): number {
  return (path.match(/\{/g) ?? []).length;
}
