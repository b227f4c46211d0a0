import { FilterSyntaxError } from '../errors.js';
import type { FilterExpr, Operand } from './ast.js';
import { type Token, tokenize } from './tokenizer.js';

/**
 * Parses a filter clause such as `value > 10 AND name LIKE 'a%'`:
 *   expr := and (OR and)* ; and := not (AND not)* ; not := NOT not | predicate
 *   predicate := '(' expr ')' | operand (cmp operand | [NOT] IN (operand, ...) | [NOT] LIKE operand
 *                | [NOT] BETWEEN operand AND operand | IS [NOT] NULL)
 *   operand := column | number | 'string' | TRUE | FALSE | :param
 */
export function parseFilter(source: string): FilterExpr {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (): Token => tokens[i]!;
  const next = (): Token => tokens[i++]!;
  const fail = (reason: string, t: Token = peek()): never => {
    throw new FilterSyntaxError(reason, t.pos, t.text || '<end>', source);
  };
  const isKeyword = (word: string, t: Token = peek()) => t.kind === 'keyword' && t.text === word;
  const expectKeyword = (word: string) => {
    if (!isKeyword(word)) fail(`expected ${word}`);
    next();
  };

  const operand = (): Operand => {
    const t = next();
    switch (t.kind) {
      case 'ident':
        if (peek().kind === '(')
          fail(`unknown function ${JSON.stringify(t.text)} (functions are not allowed)`, t);
        return { type: 'column', name: String(t.value), pos: t.pos };
      case 'number':
        return { type: 'literal', value: Number(t.value), pos: t.pos };
      case 'string':
        return { type: 'literal', value: String(t.value), pos: t.pos };
      case 'param':
        return { type: 'param', name: String(t.value), pos: t.pos };
      case 'op':
        if ((t.text === '-' || t.text === '+') && peek().kind === 'number') {
          const n = Number(next().value);
          return { type: 'literal', value: t.text === '-' ? -n : n, pos: t.pos };
        }
        return fail('expected a column, a literal or a :param', t);
      case 'keyword':
        if (t.text === 'TRUE' || t.text === 'FALSE')
          return { type: 'literal', value: t.text === 'TRUE', pos: t.pos };
        if (t.text === 'NULL') return fail('NULL cannot be compared; use IS NULL or IS NOT NULL', t);
        return fail(`unexpected ${t.text}`, t);
      default:
        return fail(
          t.kind === 'eof' ? 'unexpected end of filter' : 'expected a column, a literal or a :param',
          t,
        );
    }
  };

  const predicate = (): FilterExpr => {
    if (peek().kind === '(') {
      next();
      const inner = orExpr();
      if (peek().kind !== ')') fail('expected ")"');
      next();
      return inner;
    }
    const left = operand();
    const t = peek();
    if (t.kind === 'op' && t.text !== '-' && t.text !== '+') {
      next();
      const op = t.text === '!=' ? '<>' : (t.text as '=' | '<>' | '<' | '<=' | '>' | '>=');
      return { type: 'compare', op, left, right: operand() };
    }
    if (isKeyword('IS')) {
      next();
      const negated = isKeyword('NOT');
      if (negated) next();
      expectKeyword('NULL');
      return { type: 'is-null', operand: left, negated };
    }
    const negated = isKeyword('NOT');
    if (negated) next();
    if (isKeyword('IN')) {
      next();
      if (peek().kind !== '(') fail('expected "(" after IN');
      next();
      const values = [operand()];
      while (peek().kind === ',') {
        next();
        values.push(operand());
      }
      if (peek().kind !== ')') fail('expected "," or ")" in the IN list');
      next();
      return { type: 'in', operand: left, values, negated };
    }
    if (isKeyword('LIKE')) {
      next();
      return { type: 'like', operand: left, pattern: operand(), negated };
    }
    if (isKeyword('BETWEEN')) {
      next();
      const low = operand();
      expectKeyword('AND');
      return { type: 'between', operand: left, low, high: operand(), negated };
    }
    return fail(
      negated
        ? 'expected IN, LIKE or BETWEEN after NOT'
        : 'expected a comparison, IN, LIKE, BETWEEN or IS [NOT] NULL',
    );
  };

  const notExpr = (): FilterExpr => {
    if (isKeyword('NOT')) {
      next();
      return { type: 'not', expr: notExpr() };
    }
    return predicate();
  };
  const andExpr = (): FilterExpr => {
    let left = notExpr();
    while (isKeyword('AND')) {
      next();
      left = { type: 'and', left, right: notExpr() };
    }
    return left;
  };
  const orExpr = (): FilterExpr => {
    let left = andExpr();
    while (isKeyword('OR')) {
      next();
      left = { type: 'or', left, right: andExpr() };
    }
    return left;
  };

  if (peek().kind === 'eof') fail('the filter is empty');
  const expr = orExpr();
  if (peek().kind !== 'eof') fail('unexpected token');
  return expr;
}
