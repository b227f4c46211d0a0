import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataFrame } from 'danfojs-node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionConfigError,
  DatabaseConnection,
  DEFAULT_SQLITE_PATH,
  GenericRepository,
  parseConnectionString,
  resolveConnection,
} from '../src/index.js';

const filename = (url: string, base?: string) =>
  (parseConnectionString(url, base).knexConfig.connection as { filename: string }).filename;

describe('parseConnectionString (SQLAlchemy URLs)', () => {
  it('sqlite: relative, absolute and in-memory', () => {
    expect(filename('sqlite:///rel.db', '/base')).toBe('/base/rel.db');
    expect(filename('sqlite:///sub/dir/x.db', '/base')).toBe('/base/sub/dir/x.db');
    expect(filename('sqlite:////abs/x.db', '/base')).toBe('/abs/x.db');
    expect(filename('sqlite://')).toBe(':memory:');
    expect(filename('sqlite:///:memory:')).toBe(':memory:');
    expect(parseConnectionString('sqlite:///x.db').knexConfig.client).toBe('better-sqlite3');
    expect(() => parseConnectionString('sqlite://host/x.db')).toThrow(ConnectionConfigError);
  });

  it('postgresql with and without a driver suffix', () => {
    for (const url of [
      'postgresql://u:p@h:5432/db',
      'postgresql+psycopg2://u:p@h:5432/db',
      'postgres://u:p@h:5432/db',
    ]) {
      const r = parseConnectionString(url);
      expect(r.dialect).toBe('postgres');
      expect(r.knexConfig).toEqual({ client: 'pg', connection: 'postgres://u:p@h:5432/db' });
      expect(r.redacted).not.toContain(':p@');
    }
  });

  it('mysql / mariadb with a driver suffix', () => {
    for (const url of [
      'mysql+pymysql://root:s%40cret@h:3307/dl?charset=utf8mb4',
      'mariadb://root:s%40cret@h:3307/dl?charset=utf8mb4',
    ]) {
      const r = parseConnectionString(url);
      expect(r.dialect).toBe('mysql');
      expect(r.knexConfig).toEqual({
        client: 'mysql2',
        connection: {
          host: 'h',
          port: 3307,
          user: 'root',
          password: 's@cret',
          database: 'dl',
          charset: 'utf8mb4',
        },
      });
    }
  });

  it('refuses what it cannot use, without echoing the password', () => {
    expect(() => parseConnectionString('mssql://u:topsecret@h/db')).toThrow(/unsupported database "mssql"/);
    expect(() => parseConnectionString('not a url')).toThrow(ConnectionConfigError);
    try {
      parseConnectionString('mssql://u:topsecret@h/db');
    } catch (e) {
      expect(String(e)).not.toContain('topsecret');
    }
  });
});

describe('DatabaseConnection resolution order', () => {
  const saved = process.env.DHUO_DATABASE_URL;
  const cwd = process.cwd();
  afterEach(() => {
    if (saved === undefined) delete process.env.DHUO_DATABASE_URL;
    else process.env.DHUO_DATABASE_URL = saved;
    process.chdir(cwd);
  });

  it('database.json: a relative sqlite path resolves against the file’s directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dhuo-cfg-'));
    mkdirSync(join(dir, 'config'));
    const cfg = join(dir, 'config', 'database.json');
    writeFileSync(cfg, JSON.stringify({ connection_string: 'sqlite:///../data/lake.db' }));
    const db = new DatabaseConnection({ configFileName: cfg });
    expect(db.dialect).toBe('sqlite');
    const repo = new GenericRepository(db);
    await repo.createTableByDataframe('T', new DataFrame({ a: [1] }));
    await db.close();
    expect(existsSync(join(dir, 'data', 'lake.db'))).toBe(true);
  });

  it('database.json errors name the file and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dhuo-cfg-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"url": "x"}');
    expect(() => new DatabaseConnection({ configFileName: bad })).toThrow(/has no "connection_string"/);
    expect(() => new DatabaseConnection({ configFileName: join(dir, 'missing.json') })).toThrow(
      /cannot read/,
    );
    writeFileSync(bad, '{nope');
    expect(() => new DatabaseConnection({ configFileName: bad })).toThrow(/not valid JSON/);
  });

  it('explicit option > DHUO_DATABASE_URL > embedded SQLite default', () => {
    process.env.DHUO_DATABASE_URL = 'postgresql://env@h/db';
    expect(resolveConnection({ url: 'mysql://root@h/db' }).dialect).toBe('mysql');
    expect(resolveConnection({ knex: { client: 'pg', connection: 'postgres://x@h/db' } }).dialect).toBe(
      'postgres',
    );
    expect(resolveConnection().dialect).toBe('postgres');
    delete process.env.DHUO_DATABASE_URL;
    const r = resolveConnection();
    expect(r.dialect).toBe('sqlite');
    expect((r.knexConfig.connection as { filename: string }).filename).toBe(resolve(DEFAULT_SQLITE_PATH));
    expect(() => resolveConnection({ url: 'sqlite://', knex: { client: 'pg' } })).toThrow(/only one/);
    expect(() => resolveConnection({ knex: { client: 'mssql' } })).toThrow(/not supported/);
  });

  it('new DatabaseConnection() creates ./.dhuolib/datalake.db', async () => {
    delete process.env.DHUO_DATABASE_URL;
    const dir = mkdtempSync(join(tmpdir(), 'dhuo-default-'));
    process.chdir(dir);
    const db = new DatabaseConnection();
    await new GenericRepository(db).createTable('X', { A: 'integer' });
    await db.close();
    expect(existsSync(join(dir, '.dhuolib', 'datalake.db'))).toBe(true);
  });
});
