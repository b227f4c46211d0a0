import type { Dialect, DialectName } from './dialect.js';
import { mysqlDialect } from './mysql/index.js';
import { oracleDialect } from './oracle/index.js';
import { postgresDialect } from './postgres/index.js';
import { sqliteDialect } from './sqlite/index.js';

const DIALECTS: Record<DialectName, Dialect> = {
  sqlite: sqliteDialect,
  postgres: postgresDialect,
  mysql: mysqlDialect,
  oracle: oracleDialect,
};

/** The dialect implementation for a name. */
export function getDialect(name: DialectName): Dialect {
  return DIALECTS[name];
}

/** The dialect for a knex `client` name. */
export function dialectOfClient(client: unknown): DialectName | undefined {
  const c = typeof client === 'string' ? client : (client as { dialect?: string } | undefined)?.dialect;
  switch (c) {
    case 'better-sqlite3':
    case 'sqlite3':
    case 'sqlite':
      return 'sqlite';
    case 'pg':
    case 'postgres':
    case 'postgresql':
      return 'postgres';
    case 'mysql':
    case 'mysql2':
      return 'mysql';
    case 'oracledb':
    case 'oracle':
      return 'oracle';
    default:
      return undefined;
  }
}
