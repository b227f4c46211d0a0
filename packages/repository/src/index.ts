export { parseConnectionString, type ResolvedConnection, redact } from './connection-string.js';
export {
  DatabaseConnection,
  type DatabaseConnectionOptions,
  DEFAULT_SQLITE_PATH,
  resolveConnection,
} from './database-connection.js';
export type { FrameInput } from './dataframe.js';
export type { ColumnKind, DialectName } from './dialects/dialect.js';
export * from './errors.js';
export { type CompiledFilter, compileFilter } from './filter/compile.js';
export { parseFilter } from './filter/parser.js';
export {
  type ColumnKindName,
  type CreateTableResult,
  GenericRepository,
  type Page,
  type PaginationOptions,
  type ReadOptions,
  type StreamOptions,
  type UpdateTableOptions,
  type UpdateTableResult,
} from './generic-repository.js';
