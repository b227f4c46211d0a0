import { DhuoError, DhuoValidationError } from '../core/errors.js';

/** What is wrong with a DataFrame handed to batch prediction. */
export type DataFrameProblem =
  | 'missing-column'
  | 'not-numeric'
  | 'missing-value'
  | 'feature-count'
  | 'not-a-dataframe';

/** The model artifact's format cannot run in Node, or does not match `type_model`; the message says what to do. */
export class DhuoModelFormatError extends DhuoError {
  /** The `type_model` asked for, if any. */
  readonly type_model: string | undefined;
  /** The format found in the artifact's bytes (`onnx`, `pickle`, `json`, `unknown`, ...), when it was read. */
  readonly detected: string | undefined;

  constructor(message: string, typeModel: string | undefined, detected: string | undefined) {
    super(message);
    this.type_model = typeModel;
    this.detected = detected;
  }
}

/**
 * The DataFrame cannot feed the model: a column is missing, a value is not numeric or is missing
 * (NaN/null) where the model cannot take it. Raised before any row is predicted.
 */
export class DhuoDataFrameError extends DhuoValidationError {
  /** What is wrong. */
  readonly problem: DataFrameProblem;
  /** The column (or model feature) at fault, when one is. */
  readonly column: string | undefined;
  /** The 0-based row at fault, when one is. */
  readonly row: number | undefined;

  constructor(message: string, problem: DataFrameProblem, column?: string, row?: number) {
    super('df', 'a DataFrame with the numeric columns the model needs');
    this.message = message;
    this.problem = problem;
    this.column = column;
    this.row = row;
  }
}

/** An optional peer dependency a model runtime needs is not installed. */
export class DhuoMissingDependencyError extends DhuoError {
  /** The npm package to install. */
  readonly dependency: string;

  constructor(dependency: string, purpose: string) {
    super(`${purpose} needs the optional package '${dependency}': run \`npm install ${dependency}\`.`);
    this.dependency = dependency;
  }
}
