/** A value position in a filter: a column, a literal or a named parameter. */
export type Operand =
  | { type: 'column'; name: string; pos: number }
  | { type: 'literal'; value: string | number | boolean; pos: number }
  | { type: 'param'; name: string; pos: number };

/** A parsed filter clause. */
export type FilterExpr =
  | { type: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { type: 'not'; expr: FilterExpr }
  | { type: 'compare'; op: '=' | '<>' | '<' | '<=' | '>' | '>='; left: Operand; right: Operand }
  | { type: 'in'; operand: Operand; values: Operand[]; negated: boolean }
  | { type: 'like'; operand: Operand; pattern: Operand; negated: boolean }
  | { type: 'between'; operand: Operand; low: Operand; high: Operand; negated: boolean }
  | { type: 'is-null'; operand: Operand; negated: boolean };
