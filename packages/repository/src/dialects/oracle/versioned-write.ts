import type { Knex } from 'knex';
import type { ColumnKind, WriteOutcome, WritePlan } from '../dialect.js';
import { withRawConnection } from '../raw-connection.js';
import { formatUtcTimestamp } from '../timestamp.js';
import { quoteOracleIdentifier, quoteOracleTable } from './identifier.js';

/** Format of the UTC CREATED_AT text bound on versioned writes. */
export const ORACLE_TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF3';

/** Rows per `executeMany` call: bounded memory on the driver side. */
export const ORACLE_ROWS_PER_EXECUTE = 10_000;

/** The statements an Oracle write runs, in order (exported for compiled-SQL tests). */
export function oracleWriteSql(plan: WritePlan) {
  const table = quoteOracleTable(plan.table);
  const names = plan.columns.map((c) => c.name);
  if (plan.versioned) names.push(plan.versioned.version.name, plan.versioned.createdAt.name);
  return {
    // EXCLUSIVE mode lets readers through but no other writer until COMMIT/ROLLBACK.
    lock: plan.versioned ? `LOCK TABLE ${table} IN EXCLUSIVE MODE` : undefined,
    maxVersion: plan.versioned
      ? `SELECT MAX(${quoteOracleIdentifier(plan.versioned.version.name)}) FROM ${table}`
      : undefined,
    delete: plan.replace ? `DELETE FROM ${table}` : undefined,
    // CREATED_AT is bound as UTC text: a bound Date would be converted with the client's time zone.
    insert: `INSERT INTO ${table} (${names.map((n) => quoteOracleIdentifier(n)).join(', ')}) VALUES (${names
      .map((_, i) =>
        plan.versioned && i === names.length - 1
          ? `TO_TIMESTAMP(:${i + 1}, '${ORACLE_TIMESTAMP_FORMAT}')`
          : `:${i + 1}`,
      )
      .join(', ')})`,
  };
}

/** The bind type name per inserted column, as `executeMany` bindDefs (mapped to oracledb constants at run time). */
export function oracleBindTypes(
  plan: WritePlan,
): { type: 'NUMBER' | 'BINARY_DOUBLE' | 'STRING' | 'TIMESTAMP' }[] {
  const of = (kind: ColumnKind) =>
    kind === 'float'
      ? ('BINARY_DOUBLE' as const)
      : kind === 'integer' || kind === 'boolean'
        ? ('NUMBER' as const)
        : kind === 'datetime'
          ? ('TIMESTAMP' as const)
          : ('STRING' as const);
  const types = plan.columns.map((c) => ({ type: of(c.kind) }));
  if (plan.versioned) types.push({ type: 'NUMBER' }, { type: 'STRING' });
  return types;
}

/**
 * One row's bind values: undefined → null, booleans → 1/0. Datetime values arrive as Dates (checkValues has
 * already turned ISO strings into the instant they name) and are bound as they are.
 */
export function oracleBindRow(kinds: readonly ColumnKind[], row: readonly unknown[]): unknown[] {
  return kinds.map((k, c) => {
    const v = row[c];
    if (v === undefined) return null;
    if (k === 'boolean' && typeof v === 'boolean') return v ? 1 : 0;
    return v;
  });
}

interface OracleConnection {
  execute(sql: string, binds?: unknown[], options?: object): Promise<{ rows?: unknown[][] }>;
  executeMany(sql: string, binds: unknown[][], options: object): Promise<{ rowsAffected?: number }>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

interface OracleDbModule {
  DB_TYPE_NUMBER: unknown;
  DB_TYPE_BINARY_DOUBLE: unknown;
  DB_TYPE_VARCHAR: unknown;
  DB_TYPE_TIMESTAMP: unknown;
  OUT_FORMAT_ARRAY: number;
}

/** Loads the oracledb driver only when Oracle is used. */
export async function loadOracleDb(): Promise<OracleDbModule> {
  const name = 'oracledb';
  const mod = (await import(name)) as { default?: OracleDbModule } & OracleDbModule;
  return mod.default ?? mod;
}

/**
 * The whole write in one transaction: `LOCK TABLE ... IN EXCLUSIVE MODE`, MAX(VERSION) + 1, optional DELETE,
 * then array DML (`executeMany`) in batches, one COMMIT.
 */
export function oracleWrite(knex: Knex, plan: WritePlan): Promise<WriteOutcome> {
  return withRawConnection<OracleConnection, WriteOutcome>(knex, async (conn, markBroken) => {
    const oracledb = await loadOracleDb();
    const sql = oracleWriteSql(plan);
    const kinds = plan.columns.map((c) => c.kind);
    const bindDefs = oracleBindTypes(plan).map(({ type }, i) => {
      if (type === 'NUMBER') return { type: oracledb.DB_TYPE_NUMBER };
      if (type === 'BINARY_DOUBLE') return { type: oracledb.DB_TYPE_BINARY_DOUBLE };
      if (type === 'TIMESTAMP') return { type: oracledb.DB_TYPE_TIMESTAMP };
      let max = 'YYYY-MM-DD HH:MM:SS.mmm'.length;
      for (const row of plan.rows) {
        const v = row[i];
        if (typeof v === 'string' && v.length > max) max = v.length;
      }
      return { type: oracledb.DB_TYPE_VARCHAR, maxSize: Math.max(1, max * 4) };
    });
    try {
      let version: number | undefined;
      if (sql.lock) await conn.execute(sql.lock);
      if (sql.maxVersion) {
        const r = await conn.execute(sql.maxVersion, [], { outFormat: oracledb.OUT_FORMAT_ARRAY });
        version = Number(r.rows?.[0]?.[0] ?? 0) + 1;
      }
      const at = new Date();
      const createdAt = formatUtcTimestamp(at);
      if (sql.delete) await conn.execute(sql.delete);
      for (let start = 0; start < plan.rows.length; start += ORACLE_ROWS_PER_EXECUTE) {
        const binds = plan.rows.slice(start, start + ORACLE_ROWS_PER_EXECUTE).map((row) => {
          const values = oracleBindRow(kinds, row);
          if (version !== undefined) values.push(version, createdAt);
          return values;
        });
        await conn.executeMany(sql.insert, binds, { autoCommit: false, bindDefs });
      }
      await conn.commit();
      return version === undefined
        ? { rows: plan.rows.length }
        : { rows: plan.rows.length, version, createdAt: at };
    } catch (error) {
      try {
        await conn.rollback();
      } catch (rollbackError) {
        markBroken(rollbackError);
      }
      throw error;
    }
  });
}
