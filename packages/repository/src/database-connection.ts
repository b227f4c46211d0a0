import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { parseConnectionString, type ResolvedConnection } from './connection-string.js';
import type { DialectName } from './dialects/dialect.js';
import { postgresTypes } from './dialects/postgres/types.js';
import { dialectOfClient } from './dialects/registry.js';
import { ConnectionConfigError } from './errors.js';

/** Where the embedded SQLite datalake lives when nothing else is configured. */
export const DEFAULT_SQLITE_PATH = './.dhuolib/datalake.db';

/** How to reach the datalake. The first one given wins; then `DHUO_DATABASE_URL`; then embedded SQLite. */
export interface DatabaseConnectionOptions {
  /** Path of a database.json as the Python dhuolib reads it: `{"connection_string": "<SQLAlchemy URL>"}`. */
  configFileName?: string;
  /** A SQLAlchemy-style URL, e.g. `postgresql://user:pass@host:5432/db` or `sqlite:///data.db`. */
  url?: string;
  /** A knex configuration, used as given (client `better-sqlite3`, `pg`, `mysql2` or `oracledb`). */
  knex?: Knex.Config;
}

/**
 * A pooled connection to the datalake (SQLite, PostgreSQL, MariaDB/MySQL or Oracle) on knex.
 * @example
 * const db = new DatabaseConnection({ configFileName: 'config/database.json' });
 * const repo = new GenericRepository(db);
 * // ...
 * await db.close();
 */
export class DatabaseConnection {
  /** The knex instance (pool and query builder) behind this connection. */
  readonly knex: Knex;
  /** Which database this is. */
  readonly dialect: DialectName;
  /** Where it points, password masked. */
  readonly description: string;

  constructor(options: DatabaseConnectionOptions = {}) {
    const resolved = resolveConnection(options);
    this.dialect = resolved.dialect;
    this.description = resolved.redacted;
    this.knex = knexFactory(tune(resolved));
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.knex.destroy();
  }
}

/** Applies the option > env > default order and parses what it finds. */
export function resolveConnection(options: DatabaseConnectionOptions = {}): ResolvedConnection {
  const given = [options.configFileName, options.url, options.knex].filter((o) => o !== undefined);
  if (given.length > 1)
    throw new ConnectionConfigError('options: pass only one of configFileName, url or knex.', {
      parameter: 'options',
    });
  if (options.configFileName !== undefined) return fromConfigFile(options.configFileName);
  if (options.url !== undefined) return parseConnectionString(options.url);
  if (options.knex !== undefined) {
    const dialect = dialectOfClient(options.knex.client);
    if (!dialect)
      throw new ConnectionConfigError(
        `knex.client: ${JSON.stringify(options.knex.client)} is not supported; use better-sqlite3, pg, mysql2 or oracledb.`,
        { parameter: 'knex.client' },
      );
    return { dialect, knexConfig: options.knex, redacted: `knex:${String(options.knex.client)}` };
  }
  const env = process.env.DHUO_DATABASE_URL;
  if (env) return parseConnectionString(env);
  const filename = resolve(DEFAULT_SQLITE_PATH);
  return {
    dialect: 'sqlite',
    knexConfig: { client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true },
    redacted: `sqlite:///${filename}`,
  };
}

function fromConfigFile(path: string): ResolvedConnection {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConnectionConfigError(`configFileName: cannot read ${JSON.stringify(path)}; check the path.`, {
      parameter: 'configFileName',
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConnectionConfigError(`configFileName: ${JSON.stringify(path)} is not valid JSON.`, {
      parameter: 'configFileName',
      cause,
    });
  }
  const url = (json as { connection_string?: unknown } | null)?.connection_string;
  if (typeof url !== 'string' || url === '')
    throw new ConnectionConfigError(
      `configFileName: ${JSON.stringify(path)} has no "connection_string"; expected {"connection_string": "<URL>"}.`,
      { parameter: 'configFileName' },
    );
  // A relative SQLite path in database.json is relative to the file, not to the process.
  return parseConnectionString(url, dirname(resolve(path)));
}

interface MysqlField {
  type: string;
  length: number;
  string(): string | null;
}

/** Per-dialect settings every connection needs for correct types and safe concurrency. */
function tune(resolved: ResolvedConnection): Knex.Config {
  const config: Knex.Config = { ...resolved.knexConfig };
  switch (resolved.dialect) {
    case 'sqlite': {
      const filename = (config.connection as { filename?: string } | undefined)?.filename ?? ':memory:';
      const memory = filename === ':memory:' || filename === '';
      if (!memory) mkdirSync(dirname(filename), { recursive: true });
      config.useNullAsDefault = true;
      config.pool = {
        min: 1,
        // Each :memory: connection is its own database: keep one.
        max: memory ? 1 : 4,
        afterCreate: (
          conn: { pragma(s: string): unknown },
          done: (err: Error | null, c: unknown) => void,
        ) => {
          try {
            conn.pragma('busy_timeout = 60000');
            if (!memory) conn.pragma('journal_mode = WAL');
            done(null, conn);
          } catch (error) {
            done(error as Error, conn);
          }
        },
        ...(config.pool ?? {}),
      };
      break;
    }
    case 'postgres': {
      const c = config.connection;
      config.connection = (
        typeof c === 'string'
          ? { connectionString: c, types: postgresTypes }
          : { ...(c as object), types: postgresTypes }
      ) as Knex.PgConnectionConfig;
      break;
    }
    case 'mysql': {
      const c = config.connection;
      const base = typeof c === 'string' ? { uri: c } : (c as object);
      config.connection = {
        timezone: 'Z',
        decimalNumbers: true,
        supportBigNumbers: true,
        bigNumberStrings: false,
        ...base,
        typeCast: (field: MysqlField, next: () => unknown) => {
          if (field.type === 'TINY' && field.length === 1) {
            const v = field.string();
            return v === null ? null : v === '1';
          }
          return next();
        },
      } as Knex.MySql2ConnectionConfig;
      break;
    }
    case 'oracle':
      break;
  }
  return config;
}
