import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { WriteOutcome, WritePlan } from '../dialect.js';
import { withRawConnection } from '../raw-connection.js';
import { formatUtcTimestamp } from '../timestamp.js';
import { quoteSqliteIdentifier, quoteSqliteTable } from './identifier.js';

/** Rows per multi-row INSERT: measured fastest at 16–64 (1 row costs a VM round trip, 256 a huge statement). */
const MAX_ROWS_PER_INSERT = 32;
const MAX_VARIABLES = 32_000;

/** The statements a SQLite write runs, in order (exported for tests). */
export function sqliteWriteSql(plan: WritePlan, rowsPerInsert: number) {
  const table = quoteSqliteTable(plan.table);
  const names = plan.columns.map((c) => c.name);
  if (plan.versioned) names.push(plan.versioned.version.name, plan.versioned.createdAt.name);
  const tuple = `(${names.map(() => '?').join(', ')})`;
  return {
    maxVersion: plan.versioned
      ? `SELECT MAX(${quoteSqliteIdentifier(plan.versioned.version.name)}) FROM ${table}`
      : undefined,
    delete: plan.replace ? `DELETE FROM ${table}` : undefined,
    insert: `INSERT INTO ${table} (${names.map((n) => quoteSqliteIdentifier(n)).join(', ')}) VALUES ${Array.from(
      { length: rowsPerInsert },
      () => tuple,
    ).join(', ')}`,
    width: names.length,
  };
}

/**
 * The whole write in one `BEGIN IMMEDIATE` transaction on better-sqlite3: the write lock is taken before
 * MAX(VERSION) is read, so concurrent writers (threads or processes) never share a version. Rows go through
 * one reused multi-row prepared statement.
 */
export function sqliteWrite(knex: Knex, plan: WritePlan): Promise<WriteOutcome> {
  return withRawConnection<BetterSqlite3.Database, WriteOutcome>(knex, async (db) => runWrite(db, plan));
}

function runWrite(db: BetterSqlite3.Database, plan: WritePlan): WriteOutcome {
  const width = plan.columns.length + (plan.versioned ? 2 : 0);
  const batch = Math.max(
    1,
    Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_VARIABLES / width), plan.rows.length),
  );
  const sql = sqliteWriteSql(plan, batch);
  const n = plan.columns.length;
  // Only booleans and Dates need converting for better-sqlite3; everything else binds as is.
  const convert = plan.columns.map(
    (c) => c.kind === 'boolean' || c.kind === 'datetime' || c.kind === 'other',
  );
  const anyConvert = convert.some(Boolean);

  const txn = db.transaction((): WriteOutcome => {
    let version: number | undefined;
    let at: Date | undefined;
    let createdAt: string | undefined;
    if (sql.maxVersion) {
      const max = db.prepare(sql.maxVersion).raw(true).get() as [number | bigint | null];
      version = Number(max[0] ?? 0) + 1;
      at = new Date();
      createdAt = formatUtcTimestamp(at);
    }
    if (sql.delete) db.prepare(sql.delete).run();
    const rows = plan.rows;
    const big = db.prepare(sql.insert);
    const params: unknown[] = new Array(batch * width);
    let r = 0;
    const fill = (count: number) => {
      let p = 0;
      for (let i = 0; i < count; i++, r++) {
        const row = rows[r]!;
        for (let c = 0; c < n; c++) {
          const v = row[c];
          params[p++] = anyConvert && convert[c] ? toSqlite(v) : v === undefined ? null : v;
        }
        if (version !== undefined) {
          params[p++] = version;
          params[p++] = createdAt;
        }
      }
      return p;
    };
    while (rows.length - r >= batch) {
      fill(batch);
      big.run(params);
    }
    const rest = rows.length - r;
    if (rest > 0) {
      const used = fill(rest);
      db.prepare(sqliteWriteSql(plan, rest).insert).run(params.slice(0, used));
    }
    return version === undefined ? { rows: rows.length } : { rows: rows.length, version, createdAt: at! };
  });
  return txn.immediate();
}

function toSqlite(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return formatUtcTimestamp(v);
  return v;
}
