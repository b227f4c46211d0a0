import { invalid } from './api-error.js';

/** The stages of the registry, in the spec's order. */
export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
/** A registry stage. */
export type Stage = (typeof STAGES)[number];

/** Reads a required non-empty string field. */
export function requiredString(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v.length === 0)
    throw invalid(name, `${name} is required and must be a non-empty string`);
  return v;
}

/** Reads an optional string field. */
export function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(name, `${name} must be a string`);
  return v;
}

/** Reads an optional boolean (a JSON boolean, or "true"/"false" in a query or form). */
export function optionalBoolean(body: Record<string, unknown>, name: string): boolean | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalid(name, `${name} must be true or false`);
}

/** Reads an optional integer (a JSON number or a decimal string) within bounds. */
export function optionalInteger(
  body: Record<string, unknown>,
  name: string,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw invalid(name, `${name} must be an integer between ${min} and ${max}`);
  }
  return n;
}

/** Reads optional string tags (an object of strings). */
export function optionalTags(body: Record<string, unknown>, name: string): Record<string, string> {
  const v = body[name];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw invalid(name, `${name} must be an object of string values`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val !== 'string') throw invalid(name, `${name}.${k} must be a string`);
    out[k] = val;
  }
  return out;
}

/** Reads a stage, defaulting when absent. */
export function stageParam(body: Record<string, unknown>, name: string, fallback?: Stage): Stage | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v !== 'string' || !(STAGES as readonly string[]).includes(v)) {
    throw invalid(name, `${name} must be one of ${STAGES.join(', ')}`);
  }
  return v as Stage;
}

/** Project names: the spec's `ProjectName` pattern (also keeps them safe as directory names). */
export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Reads a project name (body field or path segment). */
export function projectName(value: unknown, name = 'project_name'): string {
  if (typeof value !== 'string' || !PROJECT_NAME.test(value) || value.includes('..')) {
    throw invalid(name, `${name} must match ^[A-Za-z0-9][A-Za-z0-9._-]*$ (1-128 characters)`);
  }
  return value;
}
