import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { WriteOutcome, WritePlan } from '../dialect.js';
import { withRawConnection } from '../raw-connection.js';
import { copyField } from './copy-encode.js';
import { quotePostgresIdentifier, quotePostgresTable } from './identifier.js';

/** The statements a PostgreSQL write runs, in order (exported for tests). */
export function postgresWriteSql(plan: WritePlan) {
  const table = quotePostgresTable(plan.table);
  const names = plan.columns.map((c) => c.name);
  if (plan.versioned) names.push(plan.versioned.version.name, plan.versioned.createdAt.name);
  return {
    // SHARE ROW EXCLUSIVE conflicts with itself and with every writer, not with readers.
    lock: plan.versioned ? `LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE` : undefined,
    maxVersion: plan.versioned
      ? `SELECT MAX(${quotePostgresIdentifier(plan.versioned.version.name)}) AS v FROM ${table}`
      : undefined,
    delete: plan.replace ? `DELETE FROM ${table}` : undefined,
    copy: `COPY ${table} (${names.map((n) => quotePostgresIdentifier(n)).join(', ')}) FROM STDIN`,
  };
}

const CHUNK_CHARS = 1 << 18;

/**
 * The whole write in one transaction: lock, MAX(VERSION) + 1, optional DELETE, then `COPY ... FROM STDIN`
 * (text format) streamed with backpressure.
 */
export function postgresWrite(knex: Knex, plan: WritePlan): Promise<WriteOutcome> {
  return withRawConnection<pg.Client, WriteOutcome>(knex, async (client, markBroken) => {
    const sql = postgresWriteSql(plan);
    await client.query('BEGIN');
    try {
      let version: number | undefined;
      if (sql.lock) await client.query(sql.lock);
      if (sql.maxVersion) {
        const r = await client.query({ text: sql.maxVersion, rowMode: 'array' });
        version = Number((r.rows[0] as unknown[])[0] ?? 0) + 1;
      }
      const at = new Date();
      if (sql.delete) await client.query(sql.delete);
      const suffix = version === undefined ? '\n' : `\t${version}\t${at.toISOString()}\n`;
      await pipeline(
        Readable.from(encodeRows(plan.rows, plan.columns.length, suffix)),
        client.query(copyFrom(sql.copy)),
      );
      await client.query('COMMIT');
      return version === undefined
        ? { rows: plan.rows.length }
        : { rows: plan.rows.length, version, createdAt: at };
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        markBroken(rollbackError);
      }
      throw error;
    }
  });
}

function* encodeRows(rows: readonly (readonly unknown[])[], n: number, suffix: string): Generator<string> {
  let buf = '';
  for (const row of rows) {
    for (let c = 0; c < n; c++) {
      const v = row[c];
      if (c > 0) buf += '\t';
      // Numbers (checked finite before the write) are the hot case: append them directly.
      buf += typeof v === 'number' ? v : copyField(v);
    }
    buf += suffix;
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}
