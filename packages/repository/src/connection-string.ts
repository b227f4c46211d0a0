import { isAbsolute, resolve } from 'node:path';
import type { Knex } from 'knex';
import type { DialectName } from './dialects/dialect.js';
import { ConnectionConfigError } from './errors.js';

/** A connection resolved from a SQLAlchemy-style URL: which dialect, and the knex config to open it. */
export interface ResolvedConnection {
  dialect: DialectName;
  knexConfig: Knex.Config;
  /** The URL with its password masked, for messages and logs. */
  redacted: string;
}

/**
 * Parses a SQLAlchemy URL as the Python dhuolib's database.json holds it.
 * `sqlite:///rel.db` is relative to `baseDir`; `sqlite:////abs.db` is absolute; `sqlite://` is in memory.
 * @example parseConnectionString('postgresql+psycopg2://u:p@host:5432/db')
 */
export function parseConnectionString(url: string, baseDir: string = process.cwd()): ResolvedConnection {
  const match = /^([a-z0-9]+)(?:\+([a-z0-9_]+))?:\/\/(.*)$/i.exec(url.trim());
  if (!match) {
    throw new ConnectionConfigError(
      `connection_string: ${JSON.stringify(redact(url))} is not a URL. Expected e.g. "sqlite:///data.db", ` +
        '"postgresql://user:pass@host:5432/db", "mysql://root@host:3306/db" or ' +
        '"oracle+oracledb://user:pass@host:1521/?service_name=SVC".',
      { parameter: 'connection_string' },
    );
  }
  const scheme = match[1]!.toLowerCase();
  const rest = match[3]!;
  switch (scheme) {
    case 'sqlite':
      return sqlite(rest, baseDir, url);
    case 'postgresql':
    case 'postgres':
    case 'pg':
      return {
        dialect: 'postgres',
        knexConfig: { client: 'pg', connection: `postgres://${rest}` },
        redacted: redact(url),
      };
    case 'mysql':
    case 'mariadb':
      return {
        dialect: 'mysql',
        knexConfig: { client: 'mysql2', connection: mysql(rest, url) },
        redacted: redact(url),
      };
    case 'oracle':
      return {
        dialect: 'oracle',
        knexConfig: { client: 'oracledb', connection: oracle(rest, url) },
        redacted: redact(url),
      };
    default:
      throw new ConnectionConfigError(
        `connection_string: unsupported database ${JSON.stringify(scheme)}; use sqlite, postgresql, mysql, mariadb or oracle.`,
        { parameter: 'connection_string' },
      );
  }
}

/** Masks the password of a URL. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

function sqlite(rest: string, baseDir: string, url: string): ResolvedConnection {
  // SQLAlchemy: sqlite:// (memory), sqlite:///relative.db, sqlite:////absolute.db
  let filename: string;
  if (rest === '' || rest === '/:memory:' || rest === ':memory:') filename = ':memory:';
  else if (rest.startsWith('/')) {
    const path = decodeURIComponent(rest.slice(1).split('?')[0]!);
    filename = isAbsolute(path) ? path : resolve(baseDir, path);
  } else {
    throw new ConnectionConfigError(
      `connection_string: ${JSON.stringify(url)} names a host; SQLite URLs are sqlite:///relative.db or sqlite:////absolute.db.`,
      { parameter: 'connection_string' },
    );
  }
  return {
    dialect: 'sqlite',
    knexConfig: { client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true },
    redacted: url,
  };
}

function authority(rest: string, url: string): URL {
  try {
    return new URL(`x://${rest}`);
  } catch (cause) {
    throw new ConnectionConfigError(`connection_string: cannot parse ${JSON.stringify(redact(url))}.`, {
      parameter: 'connection_string',
      cause,
    });
  }
}

function mysql(rest: string, url: string): Knex.MySql2ConnectionConfig {
  const u = authority(rest, url);
  const config: Knex.MySql2ConnectionConfig = {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
  } as Knex.MySql2ConnectionConfig;
  const charset = u.searchParams.get('charset');
  if (charset) config.charset = charset;
  return config;
}

function oracle(rest: string, url: string): Knex.OracleDbConnectionConfig {
  const u = authority(rest, url);
  const host = u.hostname || 'localhost';
  const port = u.port || '1521';
  const service = u.searchParams.get('service_name');
  const sid = decodeURIComponent(u.pathname.replace(/^\//, ''));
  let connectString: string;
  if (service) connectString = `${host}:${port}/${service}`;
  else if (sid)
    connectString = `(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=${host})(PORT=${port}))(CONNECT_DATA=(SID=${sid})))`;
  else connectString = `${host}:${port}`;
  return {
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    connectString,
  } as Knex.OracleDbConnectionConfig;
}
