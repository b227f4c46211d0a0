import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type { NativeSql } from '../dialect.js';
import { acquireRaw } from '../raw-connection.js';

/** Streams a SELECT with better-sqlite3's `.raw().iterate()`: rows as arrays, one chunk at a time. */
export async function* sqliteReadChunks(
  knex: Knex,
  query: NativeSql,
  chunkSize: number,
): AsyncGenerator<unknown[][]> {
  const { connection: db, release } = await acquireRaw<BetterSqlite3.Database>(knex);
  try {
    const stmt = db.prepare(query.sql).raw(true);
    let chunk: unknown[][] = [];
    for (const row of stmt.iterate(...(query.bindings as unknown[]))) {
      chunk.push(row as unknown[]);
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  } finally {
    await release();
  }
}
