import type { Knex } from 'knex';
import type { Connection } from 'mysql2';
import { VersionLockTimeoutError } from '../../errors.js';
import type { WriteOutcome, WritePlan } from '../dialect.js';
import { versionIndexName } from '../index-name.js';
import { withRawConnection } from '../raw-connection.js';
import { formatUtcTimestamp } from '../timestamp.js';
import { quoteMysqlIdentifier, quoteMysqlTable } from './identifier.js';

/** Seconds a versioned writer waits for another writer of the same table. */
const LOCK_TIMEOUT_S = 120;

/** The statements a MySQL/MariaDB write runs, in order (exported for tests). */
export function mysqlWriteSql(plan: WritePlan) {
  const table = quoteMysqlTable(plan.table);
  const names = plan.columns.map((c) => c.name);
  if (plan.versioned) names.push(plan.versioned.version.name, plan.versioned.createdAt.name);
  return {
    // A named lock serializes versioned writers of this table across connections; the server frees it
    // if the session dies.
    lockName: `dhuo:${versionIndexName(`${plan.table.schema}.${plan.table.name}`)}`,
    lock: plan.versioned ? 'SELECT GET_LOCK(?, ?) AS got' : undefined,
    unlock: plan.versioned ? 'SELECT RELEASE_LOCK(?)' : undefined,
    maxVersion: plan.versioned
      ? `SELECT MAX(${quoteMysqlIdentifier(plan.versioned.version.name)}) AS v FROM ${table}`
      : undefined,
    delete: plan.replace ? `DELETE FROM ${table}` : undefined,
    insert: `INSERT INTO ${table} (${names.map((n) => quoteMysqlIdentifier(n)).join(', ')}) VALUES ?`,
  };
}

type PromiseConn = ReturnType<Connection['promise']>;

const packetLimits = new WeakMap<object, number>();

async function packetLimit(conn: PromiseConn, raw: object): Promise<number> {
  const cached = packetLimits.get(raw);
  if (cached !== undefined) return cached;
  const [rows] = (await conn.query('SELECT @@max_allowed_packet AS p')) as unknown as [{ p: number }[]];
  const limit = Number(rows[0]?.p ?? 4 * 1024 * 1024);
  packetLimits.set(raw, limit);
  return limit;
}

/**
 * The whole write in one transaction: GET_LOCK (versioned), MAX(VERSION) + 1, optional DELETE, then
 * multi-row INSERTs each sized to stay under the server's max_allowed_packet. Values are bound through
 * the driver (escaped by mysql2), never concatenated by us.
 */
export function mysqlWrite(knex: Knex, plan: WritePlan): Promise<WriteOutcome> {
  return withRawConnection<Connection, WriteOutcome>(knex, async (raw, markBroken) => {
    const conn = raw.promise();
    const sql = mysqlWriteSql(plan);
    const budget = Math.max(64 * 1024, Math.floor((await packetLimit(conn, raw)) * 0.75) - sql.insert.length);
    if (sql.lock) {
      const [rows] = (await conn.query(sql.lock, [sql.lockName, LOCK_TIMEOUT_S])) as unknown as [
        { got: number }[],
      ];
      if (rows[0]?.got !== 1)
        throw new VersionLockTimeoutError(
          plan.table.schema ? `${plan.table.schema}.${plan.table.name}` : plan.table.name,
          LOCK_TIMEOUT_S,
        );
    }
    try {
      await conn.query('START TRANSACTION');
      try {
        let version: number | undefined;
        if (sql.maxVersion) {
          const [rows] = (await conn.query(sql.maxVersion)) as unknown as [{ v: number | null }[]];
          version = Number(rows[0]?.v ?? 0) + 1;
        }
        if (sql.delete) await conn.query(sql.delete);
        const createdAt = new Date();
        const at = formatUtcTimestamp(createdAt);
        const n = plan.columns.length;
        let batch: unknown[][] = [];
        let bytes = 0;
        for (const row of plan.rows) {
          const values = new Array<unknown>(version === undefined ? n : n + 2);
          for (let c = 0; c < n; c++) {
            const v = row[c];
            values[c] = v instanceof Date ? formatUtcTimestamp(v) : v === undefined ? null : v;
            // A UTF-16 unit is at most 3 bytes in UTF-8 (escaping at most doubles a 1-byte character).
            bytes += typeof v === 'string' ? v.length * 3 + 4 : 26;
          }
          if (version !== undefined) {
            values[n] = version;
            values[n + 1] = at;
            bytes += 52;
          }
          batch.push(values);
          if (bytes >= budget) {
            await conn.query(sql.insert, [batch]);
            batch = [];
            bytes = 0;
          }
        }
        if (batch.length > 0) await conn.query(sql.insert, [batch]);
        await conn.query('COMMIT');
        return version === undefined
          ? { rows: plan.rows.length }
          : { rows: plan.rows.length, version, createdAt };
      } catch (error) {
        try {
          await conn.query('ROLLBACK');
        } catch (rollbackError) {
          markBroken(rollbackError);
        }
        throw error;
      }
    } finally {
      if (sql.unlock) await conn.query(sql.unlock, [sql.lockName]).catch((e: unknown) => markBroken(e));
    }
  });
}
