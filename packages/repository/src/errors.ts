/** Base class of every error thrown by @dhuolib/repository. */
export class DhuoRepositoryError extends Error {
  /** The option or argument that was wrong, when there is one (e.g. `table_name`, `df`). */
  readonly parameter: string | undefined;

  constructor(message: string, options: { parameter?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.parameter = options.parameter;
  }
}

/** A table or column name that is not a plain SQL identifier. */
export class InvalidIdentifierError extends DhuoRepositoryError {
  constructor(
    readonly identifier: string,
    parameter: string,
    reason: string,
  ) {
    super(
      `${parameter}: ${JSON.stringify(identifier)} is not a valid identifier (${reason}). ` +
        'Use letters, digits and underscores, starting with a letter or underscore (optionally "schema.table").',
      { parameter },
    );
  }
}

/** The connection configuration cannot be used. */
export class ConnectionConfigError extends DhuoRepositoryError {}

/** `createTableByDataframe` refuses to touch a table that already exists. */
export class TableExistsError extends DhuoRepositoryError {
  constructor(readonly table: string) {
    super(
      `table_name: table ${JSON.stringify(table)} already exists; createTableByDataframe never touches an ` +
        "existing table. Use updateTableByDataframe(table, df, { if_exists: 'append' }) to add rows.",
      { parameter: 'table_name' },
    );
  }
}

/** The table named does not exist. */
export class TableNotFoundError extends DhuoRepositoryError {
  constructor(readonly table: string) {
    super(
      `table_name: table ${JSON.stringify(table)} does not exist. Create it first with ` +
        'createTableByDataframe(table, df) or createTable(table, columns).',
      { parameter: 'table_name' },
    );
  }
}

/** A column named by the caller does not exist in the table. */
export class UnknownColumnError extends DhuoRepositoryError {
  constructor(
    readonly column: string,
    readonly table: string,
    parameter: string,
    readonly available: readonly string[],
  ) {
    super(
      `${parameter}: column ${JSON.stringify(column)} does not exist in table ${JSON.stringify(table)} ` +
        `(columns: ${available.join(', ')}). Rename or drop it.`,
      { parameter },
    );
  }
}

/** A value does not fit the type of the column it goes into. */
export class TypeMismatchError extends DhuoRepositoryError {
  constructor(
    readonly column: string,
    readonly expected: string,
    readonly row: number,
    readonly value: unknown,
    parameter: string,
  ) {
    super(
      `${parameter}: column ${JSON.stringify(column)} expects ${expected} but row ${row} holds ` +
        `${describe(value)}. Convert the column before writing.`,
      { parameter },
    );
  }
}

/** A value that no database column can hold faithfully (NaN, ±Infinity, unsupported objects). */
export class InvalidValueError extends DhuoRepositoryError {
  constructor(
    readonly column: string,
    readonly row: number,
    readonly value: unknown,
    parameter: string,
  ) {
    super(
      `${parameter}: column ${JSON.stringify(column)} row ${row} holds ${describe(value)}, which cannot be ` +
        'stored. Use null for missing values (e.g. df.fillNa or replace NaN/Infinity before writing).',
      { parameter },
    );
  }
}

/** Versioned writes need VERSION and CREATED_AT columns in the table. */
export class MissingVersionColumnError extends DhuoRepositoryError {
  constructor(
    readonly table: string,
    readonly missing: readonly string[],
  ) {
    super(
      `is_update_version: table ${JSON.stringify(table)} has no ${missing.join(' / ')} column. ` +
        'Add VERSION (integer) and CREATED_AT (timestamp) columns, or write with is_update_version: false.',
      { parameter: 'is_update_version' },
    );
  }
}

/** The DataFrame carries a column that the library sets itself. */
export class ReservedColumnError extends DhuoRepositoryError {
  constructor(readonly column: string) {
    super(
      `df: column ${JSON.stringify(column)} is set by versioned writes; drop it from the DataFrame ` +
        'or write with is_update_version: false.',
      { parameter: 'df' },
    );
  }
}

/** `if_exists: 'replace'` deletes every row and must be confirmed. */
export class ForceRequiredError extends DhuoRepositoryError {
  constructor(readonly table: string) {
    super(
      `force: if_exists 'replace' deletes every row of ${JSON.stringify(table)} before writing; ` +
        "pass { if_exists: 'replace', force: true } to confirm.",
      { parameter: 'force' },
    );
  }
}

/** The DataFrame has no rows or no columns. */
export class EmptyDataFrameError extends DhuoRepositoryError {
  constructor(parameter = 'df', hint = 'Pass a DataFrame with at least one row and one column') {
    super(`${parameter}: the DataFrame is empty. ${hint}.`, { parameter });
  }
}

/** A `filter_clause` that the filter grammar does not accept. */
export class FilterSyntaxError extends DhuoRepositoryError {
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly token: string,
    readonly source: string,
  ) {
    super(
      `filter_clause: ${reason} at position ${position} (${JSON.stringify(token)}): ` +
        `${source.slice(0, position)}⟨${token}⟩${source.slice(position + token.length)}. ` +
        'Allowed: columns, literals, :params, = != <> < <= > >=, AND/OR/NOT, IN, LIKE, BETWEEN, IS [NOT] NULL, ().',
      { parameter: 'filter_clause' },
    );
  }
}

/** A versioned writer waited too long for another writer of the same table to finish. */
export class VersionLockTimeoutError extends DhuoRepositoryError {
  constructor(
    readonly table: string,
    readonly seconds: number,
  ) {
    super(
      `is_update_version: timed out after ${seconds}s waiting for the version lock of table ` +
        `${JSON.stringify(table)}: another versioned write of this table is still running. Retry once it ` +
        'has finished, or end the session holding the lock.',
      { parameter: 'is_update_version' },
    );
  }
}

/** An argument with the wrong shape or range (page < 1, unknown if_exists, ...). */
export class InvalidArgumentError extends DhuoRepositoryError {}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (value instanceof Date)
    return `the date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
  if (value === null) return 'null';
  return `a ${typeof value} (${String(value)})`;
}
