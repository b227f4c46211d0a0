import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { DatabaseConnection, type DialectName, GenericRepository } from '../../src/index.js';

/** A database the suite runs against. */
export interface TestTarget {
  name: DialectName;
  url: string;
  /** Why it cannot be used, when it cannot. */
  unavailable?: string;
}

export const PG_URL = process.env.DHUO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.DHUO_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

async function reachable(client: string, url: string): Promise<string | undefined> {
  const k = knexFactory({
    client,
    connection: url,
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 3000,
  });
  try {
    await k.raw('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await k.destroy();
  }
}

/** SQLite always (a fresh temp file); PostgreSQL and MariaDB when their servers answer. */
export async function testTargets(): Promise<TestTarget[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dhuo-repo-'));
  const [pg, my] = await Promise.all([reachable('pg', PG_URL), reachable('mysql2', MYSQL_URL)]);
  return [
    { name: 'sqlite', url: `sqlite:///${join(dir, 'test.db')}` },
    { name: 'postgres', url: PG_URL, ...(pg ? { unavailable: pg } : {}) },
    { name: 'mysql', url: MYSQL_URL, ...(my ? { unavailable: my } : {}) },
  ];
}

/** In CI a missing server fails the suite; locally it is skipped. */
export const REQUIRE_ALL = Boolean(process.env.CI);

/** A unique table name for this run, so parallel test files never collide. */
export function tableName(prefix = 'T'): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
}

/** Opens a connection + repository and tracks tables to drop afterwards. */
export function openTarget(target: TestTarget) {
  const db = new DatabaseConnection({ url: target.url });
  const repo = new GenericRepository(db);
  const created: string[] = [];
  return {
    db,
    repo,
    /** Registers a table for cleanup and returns its name. */
    table(prefix?: string): string {
      const name = tableName(prefix);
      created.push(name);
      return name;
    },
    async cleanup(): Promise<void> {
      for (const t of created) {
        for (const variant of [t, t.toLowerCase()]) {
          const q = target.name === 'mysql' ? `\`${variant}\`` : `"${variant}"`;
          await db.knex.raw(`DROP TABLE IF EXISTS ${q}`).catch(() => undefined);
        }
      }
      await db.close();
    },
  };
}

/** Counts rows of a table through knex (independent of the code under test). */
export async function countRows(db: DatabaseConnection, table: string, where = ''): Promise<number> {
  const q = db.dialect === 'mysql' ? `\`${table}\`` : `"${table}"`;
  const r = await db.knex.raw(`SELECT COUNT(*) AS n FROM ${q} ${where}`);
  const rows = db.dialect === 'postgres' ? r.rows : db.dialect === 'mysql' ? r[0] : r;
  return Number(rows[0].n);
}
