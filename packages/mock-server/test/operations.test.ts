import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/emulator/operations.js';
import { matchRoute, ROUTES } from '../src/emulator/routes.js';
import { findSpec } from '../src/spec-path.js';

/** Every (method, path, operationId) of the spec, read from its YAML. */
function specOperations(): [string, string, string][] {
  const lines = readFileSync(findSpec(), 'utf8').split('\n');
  const out: [string, string, string][] = [];
  let path = '';
  let method = '';
  let inPaths = false;
  for (const line of lines) {
    if (/^paths:/.test(line)) inPaths = true;
    else if (/^\S/.test(line)) inPaths = false;
    if (!inPaths) continue;
    const p = /^ {2}(\/\S+):\s*$/.exec(line);
    if (p) path = p[1] as string;
    const m = /^ {4}(get|post|put|patch|delete|head|options):\s*$/.exec(line);
    if (m) method = m[1] as string;
    const o = /^ {6}operationId:\s*(\S+)/.exec(line);
    if (o) out.push([method, path, o[1] as string]);
  }
  return out;
}

describe('every operation of the spec is implemented', () => {
  it('routes exactly the spec operations, each with a handler', () => {
    const spec = specOperations();
    expect(spec.length).toBeGreaterThanOrEqual(26);
    expect([...ROUTES].map((r) => r.join(' ')).sort()).toEqual(spec.map((r) => r.join(' ')).sort());
    for (const [, , id] of spec) expect(typeof OPERATIONS[id as keyof typeof OPERATIONS]).toBe('function');
  });

  it('matches literal segments before parameters and decodes parameters', () => {
    expect(matchRoute('GET', '/api/models/search')).toEqual({ operationId: 'searchModels', params: {} });
    expect(matchRoute('GET', '/api/models/a%20b')).toEqual({
      operationId: 'getModel',
      params: { model_name: 'a b' },
    });
    expect(matchRoute('POST', '/api/runs/upload_chunk')).toMatchObject({ operationId: 'uploadChunk' });
    expect(matchRoute('GET', '/api/runs/upload_chunk')).toMatchObject({ operationId: 'searchRuns' });
    expect(matchRoute('PUT', '/api/experiment')).toEqual({ methodMismatch: true });
    expect(matchRoute('GET', '/nope')).toBeUndefined();
  });
});
