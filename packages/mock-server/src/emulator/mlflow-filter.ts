import { invalid } from './api-error.js';

/** What a filter may name: attribute kinds, and which prefixes (tags, params, metrics) exist. */
export interface FilterSchema {
  /** Attribute name (and aliases) → its type. */
  attributes: Record<string, 'string' | 'number'>;
  /** Prefixes of keyed entities, e.g. `tags` → string. */
  keyed: Record<string, 'string' | 'number'>;
}

/** One `key op value` comparison. */
export interface Comparison {
  entity: 'attribute' | string;
  key: string;
  type: 'string' | 'number';
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE';
  value: string | number;
}

type Token =
  | { kind: 'ident'; text: string; quoted: boolean }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'dot' };

const PARAM = 'filter_string';

function fail(message: string): never {
  throw invalid(PARAM, `Invalid filter_string: ${message}`);
}

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < input.length && input[j] !== c) {
        if (input[j] === '\\' && j + 1 < input.length) j++;
        text += input[j];
        j++;
      }
      if (j >= input.length) fail(`unterminated string starting at ${i}`);
      out.push({ kind: 'string', text });
      i = j + 1;
    } else if (c === '`') {
      const j = input.indexOf('`', i + 1);
      if (j < 0) fail(`unterminated backquoted name starting at ${i}`);
      out.push({ kind: 'ident', text: input.slice(i + 1, j), quoted: true });
      i = j + 1;
    } else if (c === '.') {
      out.push({ kind: 'dot' });
      i++;
    } else if (/[<>=!]/.test(c)) {
      const two = input.slice(i, i + 2);
      if (two === '<=' || two === '>=' || two === '!=') {
        out.push({ kind: 'op', text: two });
        i += 2;
      } else if (c === '=' || c === '<' || c === '>') {
        out.push({ kind: 'op', text: c });
        i++;
      } else fail(`unexpected '${c}' at ${i}`);
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(input.slice(i));
      if (!m) fail(`unexpected '${c}' at ${i}`);
      out.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(input.slice(i)) as RegExpExecArray;
      out.push({ kind: 'ident', text: m[0], quoted: false });
      i += m[0].length;
    } else fail(`unexpected '${c}' at ${i}`);
  }
  return out;
}

/** Parses an MLflow filter (`a = 'x' AND tags.\`k y\` LIKE 'z%'`) against a schema; 400 naming filter_string on errors. */
export function parseFilter(input: string | undefined, schema: FilterSchema): Comparison[] {
  if (input === undefined || input.trim() === '') return [];
  const tokens = tokenize(input);
  const result: Comparison[] = [];
  let i = 0;
  const next = (): Token | undefined => tokens[i++];
  while (i < tokens.length) {
    // identifier: [prefix '.'] key
    const first = next();
    if (first?.kind !== 'ident') fail('expected an identifier such as name or tags.<key>');
    let entity = 'attribute';
    let key = first.text;
    if (tokens[i]?.kind === 'dot') {
      i++;
      const second = next();
      if (!second || (second.kind !== 'ident' && second.kind !== 'string'))
        fail(`expected a key after '${first.text}.'`);
      const prefix = first.text.toLowerCase();
      if (['attribute', 'attributes', 'attr', 'run'].includes(prefix)) entity = 'attribute';
      else if (prefix in schema.keyed) entity = prefix;
      else if (prefix === 'tag') entity = 'tags';
      else if (prefix === 'param' && 'params' in schema.keyed) entity = 'params';
      else if (prefix === 'metric' && 'metrics' in schema.keyed) entity = 'metrics';
      else
        fail(
          `unknown entity '${first.text}' (use ${['attribute', ...Object.keys(schema.keyed)].join(', ')})`,
        );
      key = second.text;
    }
    let type: 'string' | 'number';
    if (entity === 'attribute') {
      const t = schema.attributes[key];
      if (!t) fail(`unknown attribute '${key}' (valid: ${Object.keys(schema.attributes).join(', ')})`);
      type = t;
    } else {
      type = schema.keyed[entity] as 'string' | 'number';
    }
    // comparator
    const opTok = next();
    let op: Comparison['op'];
    if (opTok?.kind === 'op') op = opTok.text as Comparison['op'];
    else if (
      opTok?.kind === 'ident' &&
      !opTok.quoted &&
      ['LIKE', 'ILIKE'].includes(opTok.text.toUpperCase())
    ) {
      op = opTok.text.toUpperCase() as 'LIKE' | 'ILIKE';
    } else fail(`expected a comparator after '${key}'`);
    // value
    const valTok = next();
    let value: string | number;
    if (type === 'string') {
      if (valTok?.kind !== 'string') fail(`'${key}' is compared with a quoted string`);
      if (!['=', '!=', 'LIKE', 'ILIKE'].includes(op)) fail(`'${key}' is a string: use =, !=, LIKE or ILIKE`);
      value = valTok.text;
    } else {
      if (valTok?.kind !== 'number') fail(`'${key}' is compared with a number`);
      if (op === 'LIKE' || op === 'ILIKE') fail(`'${key}' is a number: use =, !=, <, <=, > or >=`);
      value = Number(valTok.text);
    }
    result.push({ entity, key, type, op, value });
    if (i < tokens.length) {
      const and = next();
      if (and?.kind !== 'ident' || and.quoted || and.text.toUpperCase() !== 'AND')
        fail('comparisons are joined with AND only');
      if (i >= tokens.length) fail('a comparison must follow AND');
    }
  }
  return result;
}

function likeToRegExp(pattern: string, flags: string): RegExp {
  let src = '';
  for (const ch of pattern) {
    if (ch === '%') src += '.*';
    else if (ch === '_') src += '.';
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, `s${flags}`);
}

/** Each LIKE/ILIKE comparison's pattern, compiled once rather than once per item tested. */
const likeCache = new WeakMap<Comparison, RegExp>();

function likePattern(c: Comparison): RegExp {
  let re = likeCache.get(c);
  if (!re) {
    re = likeToRegExp(String(c.value), c.op === 'ILIKE' ? 'i' : '');
    likeCache.set(c, re);
  }
  return re;
}

/** Tests one value against one comparison; a missing value never matches (as in MLflow). */
export function compare(actual: string | number | undefined | null, c: Comparison): boolean {
  if (actual === undefined || actual === null) return false;
  if (c.type === 'number') {
    const a = Number(actual);
    const v = c.value as number;
    switch (c.op) {
      case '=':
        return a === v;
      case '!=':
        return a !== v;
      case '<':
        return a < v;
      case '<=':
        return a <= v;
      case '>':
        return a > v;
      case '>=':
        return a >= v;
      default:
        return false;
    }
  }
  const a = String(actual);
  const v = String(c.value);
  switch (c.op) {
    case '=':
      return a === v;
    case '!=':
      return a !== v;
    case 'LIKE':
    case 'ILIKE':
      return likePattern(c).test(a);
    default:
      return false;
  }
}

/** Keeps the items matching every comparison; `lookup` reads an entity/key off an item. */
export function applyFilter<T>(
  items: readonly T[],
  filter: Comparison[],
  lookup: (item: T, entity: string, key: string) => string | number | undefined | null,
): T[] {
  if (filter.length === 0) return [...items];
  return items.filter((item) => filter.every((c) => compare(lookup(item, c.entity, c.key), c)));
}
