import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const spec = parse(readFileSync(join(here, '..', 'dhuo.yaml'), 'utf8'));

/** The real service's surface, as ../shared/DHUO-API.md lists it (paths under `{service_uri}/api`). */
const DHUO_API_ENDPOINTS = [
  ['post', '/experiment'],
  ['get', '/experiment/search'],
  ['post', '/experiment/predict_online'],
  ['get', '/experiment/download/batch/{experiment_name}/{model_name}'],
  ['post', '/runs'],
  ['post', '/runs/upload_chunk'],
  ['get', '/runs/{experiment_name}'],
  ['post', '/models'],
  ['get', '/models/transition-model/{model_name}'],
  ['get', '/models/search'],
  ['post', '/project'],
  ['post', '/deploy'],
  ['get', '/deploy/{project_name}'],
  ['post', '/cluster'],
  ['post', '/cluster/run'],
  ['post', '/cluster/schedule'],
  ['delete', '/cluster/schedule/{project_name}'],
] as const;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Operation = {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { examples?: object; example?: unknown }> };
  responses: Record<
    string,
    { $ref?: string; content?: Record<string, { examples?: object; schema?: object }> }
  >;
};

function operations(): Array<[string, string, Operation]> {
  const out: Array<[string, string, Operation]> = [];
  for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, Operation>>)) {
    for (const method of METHODS) if (item[method]) out.push([method, path, item[method]]);
  }
  return out;
}

function resolve<T>(node: T & { $ref?: string }): T {
  if (!node.$ref) return node;
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at: Record<string, unknown>, key) => at[key] as Record<string, unknown>, spec);
  return target as T;
}

describe('openapi/dhuo.yaml', () => {
  it.each(DHUO_API_ENDPOINTS)('keeps the real service endpoint %s /api%s', (method, path) => {
    expect(spec.paths[`/api${path}`]?.[method], `${method.toUpperCase()} /api${path}`).toBeDefined();
  });

  it('lists the same 17 endpoints as ../shared/DHUO-API.md, when that document is present', () => {
    const doc = join(here, '..', '..', '..', 'shared', 'DHUO-API.md');
    if (!existsSync(doc)) return;
    const rows = [...readFileSync(doc, 'utf8').matchAll(/^\| \d+ \| (GET|POST|DELETE) `([^`]+)`/gm)];
    expect(rows.map(([, m, p]) => [m!.toLowerCase(), p])).toEqual(DHUO_API_ENDPOINTS.map(([m, p]) => [m, p]));
  });

  it('declares both security schemes and requires one of them by default', () => {
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.components.securitySchemes.accessKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Dhuo-Access-Key',
    });
    expect(spec.security).toEqual([{ bearerAuth: [] }, { accessKey: [] }]);
  });

  it.each(operations())('%s %s has an id, a summary, examples and typed error bodies', (_m, _p, op) => {
    expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    expect(op.summary).toBeTruthy();
    for (const media of Object.values(op.requestBody?.content ?? {})) {
      expect(media.examples ?? media.example, 'request example').toBeDefined();
    }
    const statuses = Object.keys(op.responses);
    expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
    expect(statuses.some((s) => s.startsWith('4'))).toBe(true);
    for (const status of statuses) {
      const response = resolve(op.responses[status]!);
      if (status === '204') continue;
      const media = Object.values(response.content ?? {});
      expect(media.length, `${status} has a body`).toBeGreaterThan(0);
      for (const m of media) expect(m.examples, `${status} example`).toBeDefined();
      if (/^[45]/.test(status)) {
        expect(response.content?.['application/json']?.schema).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
  });

  it('has unique operation ids, all present in the generated types', () => {
    const ids = operations().map(([, , op]) => op.operationId!);
    expect(new Set(ids).size).toBe(ids.length);
    const generated = readFileSync(
      join(here, '..', '..', 'packages', 'sdk', 'src', 'generated', 'dhuo.ts'),
      'utf8',
    );
    for (const id of ids) expect(generated).toContain(`    ${id}: {`);
  });
});
