import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseConnection, GenericRepository } from '../src/index.js';
import { MYSQL_URL, PG_URL, REQUIRE_ALL, tableName, testTargets } from './helpers/databases.js';

const WORKER = fileURLToPath(new URL('./fixtures/versioned-writer.ts', import.meta.url));
const PROCESSES = 8;
const WRITES = 25;

function startWorker(args: string[]): {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  waitFor: (s: string) => Promise<void>;
} {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', WORKER, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { s: string; resolve: () => void }[] = [];
  let buf = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((x) => x.s === line)) w.resolve();
    }
  });
  const waitFor = (s: string) =>
    new Promise<void>((resolve, reject) => {
      if (lines.includes(s)) return resolve();
      waiters.push({ s, resolve });
      child.once('exit', (code) => {
        if (!lines.includes(s)) reject(new Error(`worker exited (${code}) before "${s}": ${stderr}`));
      });
    });
  return { child, lines, stderr: () => stderr, waitFor };
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

interface Group {
  v: number;
  rows: number;
  writers: number;
  seqs: number;
  n: number;
  stamps: number;
  /** CREATED_AT of the version, ms since epoch. */
  at: number;
}

const quote = (db: DatabaseConnection, name: string) =>
  db.dialect === 'mysql' ? `\`${name}\`` : `"${name}"`;

async function groups(db: DatabaseConnection, table: string): Promise<Group[]> {
  const q = (n: string) => quote(db, n);
  const r = await db.knex.raw(
    `SELECT ${q('VERSION')} AS v, COUNT(*) AS ${q('rows')}, COUNT(DISTINCT ${q('WRITER')}) AS writers,
       COUNT(DISTINCT ${q('SEQ')}) AS seqs, MIN(${q('N')}) AS n, COUNT(DISTINCT ${q('CREATED_AT')}) AS stamps,
       MIN(${q('CREATED_AT')}) AS at
     FROM ${q(table)} GROUP BY ${q('VERSION')} ORDER BY ${q('VERSION')}`,
  );
  const rows = (db.dialect === 'postgres' ? r.rows : db.dialect === 'mysql' ? r[0] : r) as Record<
    string,
    unknown
  >[];
  return rows.map((x) => ({
    v: Number(x.v),
    rows: Number(x.rows),
    writers: Number(x.writers),
    seqs: Number(x.seqs),
    n: Number(x.n),
    stamps: Number(x.stamps),
    at: typeof x.at === 'string' ? Date.parse(`${x.at.replace(' ', 'T')}Z`) : (x.at as Date).getTime(),
  }));
}

/** Resolves once the killer sees the writer inside its transaction. */
type InsideProbe = (table: string) => Promise<boolean>;

const targets = await testTargets();
const pgTarget = targets.find((t) => t.name === 'postgres')!;
const mysqlTarget = targets.find((t) => t.name === 'mysql')!;

const cases: {
  name: string;
  url: () => string;
  probe: (url: string) => InsideProbe;
  skip?: string;
  pollMs?: number;
}[] = [
  {
    name: 'SQLite file',
    url: () => `sqlite:///${join(mkdtempSync(join(tmpdir(), 'dhuo-conc-')), 'lake.db')}`,
    // Inside = it holds the write lock: our own BEGIN IMMEDIATE fails at once with SQLITE_BUSY.
    probe: (url) => {
      const file = url.slice('sqlite:///'.length);
      return async () => {
        const probe = new Database(file, { timeout: 0 });
        try {
          probe.exec('BEGIN IMMEDIATE');
          probe.exec('ROLLBACK');
          return false;
        } catch (error) {
          return (error as { code?: string }).code === 'SQLITE_BUSY';
        } finally {
          probe.close();
        }
      };
    },
  },
  {
    name: 'PostgreSQL',
    url: () => PG_URL,
    ...(pgTarget.unavailable && !REQUIRE_ALL ? { skip: pgTarget.unavailable } : {}),
    // Inside = its SHARE ROW EXCLUSIVE table lock is granted (held from LOCK TABLE to COMMIT).
    probe: () => {
      const watcher = new DatabaseConnection({ url: PG_URL });
      afterAll(() => watcher.close());
      return async (table) => {
        const r = await watcher.knex.raw(
          `SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           WHERE c.relname = ? AND l.mode = 'ShareRowExclusiveLock' AND l.granted`,
          [table],
        );
        return r.rows.length > 0;
      };
    },
  },
  {
    name: 'MariaDB',
    url: () => MYSQL_URL,
    ...(mysqlTarget.unavailable && !REQUIRE_ALL ? { skip: mysqlTarget.unavailable } : {}),
    // Inside = an InnoDB transaction has already inserted rows. INNODB_TRX is a cache refreshed only
    // after 0.1 s without reads, so this probe is polled slowly.
    pollMs: 150,
    probe: () => {
      const watcher = new DatabaseConnection({ url: MYSQL_URL });
      afterAll(() => watcher.close());
      return async () => {
        const [rows] = await watcher.knex.raw(
          'SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX WHERE trx_rows_modified > 0',
        );
        return Number((rows as { n: number }[])[0]?.n) > 0;
      };
    },
  },
];

for (const c of cases) {
  describe.skipIf(c.skip !== undefined)(`concurrent versioned writers: ${c.name}`, () => {
    const url = c.url();
    const table = tableName('CONC');
    let db: DatabaseConnection;
    const probe = c.probe(url);

    beforeAll(async () => {
      db = new DatabaseConnection({ url });
      await new GenericRepository(db).createTable(table, {
        WRITER: 'integer',
        SEQ: 'integer',
        N: 'integer',
        VERSION: 'integer',
        CREATED_AT: 'datetime',
      });
    });
    afterAll(async () => {
      await db.knex.raw(`DROP TABLE IF EXISTS ${quote(db, table)}`);
      await db.close();
    });

    it(`${PROCESSES} processes × ${WRITES} writes: distinct versions, each with exactly its rows`, async () => {
      const workers = Array.from({ length: PROCESSES }, (_, w) =>
        startWorker([url, table, String(w), String(WRITES)]),
      );
      await Promise.all(workers.map((w) => w.waitFor('ready')));
      for (const w of workers) w.child.stdin!.write('go\n');
      const exits = await Promise.all(workers.map((w) => exited(w.child)));
      expect(exits.every((e) => e.code === 0)).toBe(true);

      const reported = workers.flatMap((w) =>
        w.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)),
      );
      expect(reported).toHaveLength(PROCESSES * WRITES);
      const versions = reported
        .map((r: { version: number }) => r.version)
        .sort((a: number, b: number) => a - b);
      expect(versions).toEqual(Array.from({ length: PROCESSES * WRITES }, (_, i) => i + 1));

      const g = await groups(db, table);
      expect(g).toHaveLength(PROCESSES * WRITES);
      for (const x of g) {
        expect(x).toMatchObject({ writers: 1, seqs: 1, stamps: 1 });
        expect(x.rows).toBe(x.n);
      }
      // CREATED_AT is taken under the version lock, so it never goes back as VERSION grows.
      for (let i = 1; i < g.length; i++) expect(g[i]!.at).toBeGreaterThanOrEqual(g[i - 1]!.at);
    }, 60_000);

    it('a writer killed inside its transaction leaves no rows of its version', async () => {
      const before = await groups(db, table);
      const worker = startWorker([url, table, 'big', '600000']);
      await worker.waitFor('ready');
      const deadline = Date.now() + 30_000;
      while (!(await probe(table))) {
        if (Date.now() > deadline || worker.child.exitCode !== null)
          throw new Error(`writer never seen inside (exit ${worker.child.exitCode}): ${worker.stderr()}`);
        await new Promise((r) => setTimeout(r, c.pollMs ?? 10));
      }
      await new Promise((r) => setTimeout(r, 150));
      expect(worker.lines).not.toContain('done');
      worker.child.kill('SIGKILL');
      expect((await exited(worker.child)).signal).toBe('SIGKILL');

      const repo = new GenericRepository(db);
      // The server/SQLite needs a moment to notice the dead session; a new write waits for its lock.
      const next = await repo.updateTableByDataframe(
        table,
        { WRITER: [1], SEQ: [1], N: [1] },
        { is_update_version: true },
      );
      expect(next.version).toBe(before.length + 1);
      const after = await groups(db, table);
      expect(after.filter((x) => x.v <= before.length)).toEqual(before);
      expect(after.filter((x) => x.v > before.length)).toEqual([
        {
          v: before.length + 1,
          rows: 1,
          writers: 1,
          seqs: 1,
          n: 1,
          stamps: 1,
          at: next.created_at!.getTime(),
        },
      ]);
    }, 60_000);
  });
}
