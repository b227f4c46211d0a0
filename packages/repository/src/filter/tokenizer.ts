import { FilterSyntaxError } from '../errors.js';

/** One lexical token of a filter clause. */
export interface Token {
  kind: 'ident' | 'number' | 'string' | 'param' | 'keyword' | 'op' | '(' | ')' | ',' | 'eof';
  /** Upper-cased for keywords, the literal text otherwise. */
  text: string;
  /** Offset in the source. */
  pos: number;
  /** Decoded value of number and string literals; name of identifiers and params. */
  value?: string | number;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'BETWEEN', 'IS', 'NULL', 'TRUE', 'FALSE']);

/** Words that mean someone is writing SQL, not a filter. */
const FORBIDDEN = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'UNION',
  'INSERT',
  'UPDATE',
  'DELETE',
  'DROP',
  'ALTER',
  'CREATE',
  'TRUNCATE',
  'EXEC',
  'EXECUTE',
  'CALL',
  'GRANT',
  'REVOKE',
  'INTO',
  'JOIN',
  'HAVING',
  'GROUP',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'WITH',
  'EXISTS',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'CAST',
  'ESCAPE',
  'COLLATE',
  'PRAGMA',
  'ATTACH',
  'SLEEP',
  'BENCHMARK',
  'WAITFOR',
  'DECLARE',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
]);

/** Splits a filter clause into tokens; refuses comments, `;` and every character outside the grammar. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (reason: string, pos: number, token: string): never => {
    throw new FilterSyntaxError(reason, pos, token, source);
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '--' || two === '/*') fail('comments are not allowed', i, two);
    if (ch === '#') fail('comments are not allowed', i, ch);
    if (ch === ';') fail('statement separators are not allowed', i, ch);
    if (ch === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= source.length) fail('unterminated string literal', i, source.slice(i));
        const c = source[j]!;
        if (c === "'") {
          if (source[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        if (c === '\\') fail('backslash escapes are not allowed in strings (double a quote instead)', j, c);
        text += c;
        j++;
      }
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), pos: i, value: text });
      i = j + 1;
      continue;
    }
    if (ch === '"') {
      const end = source.indexOf('"', i + 1);
      if (end < 0) fail('unterminated quoted identifier', i, source.slice(i));
      const name = source.slice(i + 1, end);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        fail('invalid quoted identifier', i, source.slice(i, end + 1));
      tokens.push({ kind: 'ident', text: source.slice(i, end + 1), pos: i, value: name });
      i = end + 1;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
    if (num) {
      const after = source[i + num[0].length];
      if (after !== undefined && /[A-Za-z_]/.test(after)) fail('invalid number', i, num[0] + after);
      tokens.push({ kind: 'number', text: num[0], pos: i, value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (ch === ':') {
      const m = /^:([A-Za-z_][A-Za-z0-9_]*)/.exec(source.slice(i));
      if (!m) fail('a parameter is ":" followed by a name', i, ch);
      tokens.push({ kind: 'param', text: m![0], pos: i, value: m![1]! });
      i += m![0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (word) {
      const upper = word[0].toUpperCase();
      if (FORBIDDEN.has(upper)) fail(`${upper} is not allowed (no subqueries or statements)`, i, word[0]);
      if (KEYWORDS.has(upper)) tokens.push({ kind: 'keyword', text: upper, pos: i });
      else tokens.push({ kind: 'ident', text: word[0], pos: i, value: word[0] });
      i += word[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|!=|=|<|>|-|\+)/.exec(source.slice(i));
    if (op) {
      tokens.push({ kind: 'op', text: op[0], pos: i });
      i += op[0].length;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, pos: i });
      i++;
      continue;
    }
    fail('unexpected character', i, ch);
  }
  tokens.push({ kind: 'eof', text: '', pos: source.length });
  return tokens;
}
