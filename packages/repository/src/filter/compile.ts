import { bindValue } from '../dialects/bind-value.js';
import type { ColumnInfo, Dialect } from '../dialects/dialect.js';
import { matchName } from '../dialects/identifier.js';
import { InvalidArgumentError, UnknownColumnError } from '../errors.js';
import type { FilterExpr, Operand } from './ast.js';
import { parseFilter } from './parser.js';

/** A WHERE fragment with `?` placeholders; every literal and param is a binding. */
export interface CompiledFilter {
  sql: string;
  bindings: unknown[];
}

/**
 * Compiles a filter clause for one table: columns are matched case-insensitively to the real ones and
 * quoted by the dialect, literals and `:params` become bindings.
 * @example compileFilter("value > 10", columns, dialect, 'T') // { sql: '"value" > ?', bindings: [10] }
 */
export function compileFilter(
  source: string,
  columns: readonly ColumnInfo[],
  dialect: Dialect,
  table: string,
  params: Record<string, unknown> = {},
): CompiledFilter {
  const expr = parseFilter(source);
  const bindings: unknown[] = [];
  const names = columns.map((c) => c.name);

  const operand = (o: Operand): string => {
    switch (o.type) {
      case 'column': {
        const real = matchName(o.name, names);
        if (real === undefined) throw new UnknownColumnError(o.name, table, 'filter_clause', names);
        return dialect.quoteIdentifier(real, 'filter_clause');
      }
      case 'literal':
        bindings.push(bindValue(dialect.name, o.value));
        return '?';
      case 'param': {
        if (!Object.hasOwn(params, o.name))
          throw new InvalidArgumentError(
            `params: filter_clause uses :${o.name} but params has no "${o.name}".`,
            {
              parameter: 'params',
            },
          );
        const v = params[o.name];
        if (v !== null && typeof v === 'object' && !(v instanceof Date))
          throw new InvalidArgumentError(
            `params: "${o.name}" must be a string, number, boolean, Date or null.`,
            {
              parameter: 'params',
            },
          );
        bindings.push(bindValue(dialect.name, v));
        return '?';
      }
    }
  };

  const compile = (e: FilterExpr): string => {
    switch (e.type) {
      case 'and':
      case 'or':
        return `(${compile(e.left)} ${e.type.toUpperCase()} ${compile(e.right)})`;
      case 'not':
        return `(NOT ${compile(e.expr)})`;
      case 'compare':
        return `${operand(e.left)} ${e.op} ${operand(e.right)}`;
      case 'in': {
        const left = operand(e.operand);
        return `${left} ${e.negated ? 'NOT IN' : 'IN'} (${e.values.map(operand).join(', ')})`;
      }
      case 'like': {
        const left = operand(e.operand);
        return `${left} ${e.negated ? 'NOT LIKE' : 'LIKE'} ${operand(e.pattern)}`;
      }
      case 'between': {
        const left = operand(e.operand);
        const low = operand(e.low);
        return `${left} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${low} AND ${operand(e.high)}`;
      }
      case 'is-null':
        return `${operand(e.operand)} IS ${e.negated ? 'NOT NULL' : 'NULL'}`;
    }
  };

  return { sql: compile(expr), bindings };
}
