import { stat } from 'node:fs/promises';
import type { components } from '../generated/dhuo.js';
import { stageValues } from '../generated/dhuo.js';
import { DhuoValidationError } from './errors.js';

/** A registry stage: `None`, `Staging`, `Production` or `Archived`. */
export type Stage = components['schemas']['Stage'];

/** Describes a received value for an error message without dumping large objects. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Requires a non-blank string. */
export function requireName(value: unknown, param: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DhuoValidationError(param, 'a non-empty string', describeValue(value));
  }
  return value;
}

/** Requires an object whose values are all strings (tags), or nothing. */
export function optionalTags(value: unknown, param: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DhuoValidationError(
      param,
      'an object of string values, e.g. { team: "ml" }',
      describeValue(value),
    );
  }
  for (const [key, tag] of Object.entries(value)) {
    if (key.trim() === '') throw new DhuoValidationError(param, 'tag names that are non-empty strings');
    if (typeof tag !== 'string') {
      throw new DhuoValidationError(`${param}.${key}`, 'a string tag value', describeValue(tag));
    }
  }
  return value as Record<string, string>;
}

/** Requires one of the registry stages. */
export function requireStage(value: unknown, param = 'stage'): Stage {
  if (typeof value !== 'string' || !(stageValues as readonly string[]).includes(value)) {
    throw new DhuoValidationError(param, `one of ${stageValues.join(', ')}`, describeValue(value));
  }
  return value as Stage;
}

/** Requires an integer within bounds (numeric strings are accepted, as the Python client sent them). */
export function requireInteger(
  value: unknown,
  param: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new DhuoValidationError(param, range, describeValue(value));
  }
  return number;
}

/** Requires a path to a regular, readable file; returns its size. */
export async function requireFile(path: unknown, param: string): Promise<{ path: string; size: number }> {
  const name = requireName(path, param);
  try {
    const info = await stat(name);
    if (!info.isFile())
      throw new DhuoValidationError(param, `a path to a file, but ${name} is not a regular file`);
    return { path: name, size: info.size };
  } catch (error) {
    if (error instanceof DhuoValidationError) throw error;
    const code = (error as { code?: string }).code;
    throw new DhuoValidationError(
      param,
      `a path to an existing file, but ${name} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`,
    );
  }
}

/** Requires a positive finite number of milliseconds, or nothing. */
export function optionalMilliseconds(value: unknown, param: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new DhuoValidationError(param, 'a number of milliseconds ≥ 0', describeValue(value));
  }
  return value;
}
