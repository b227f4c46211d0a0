import type { Knex } from 'knex';
import type { Connection } from 'mysql2';
import type { NativeSql } from '../dialect.js';
import { acquireRaw } from '../raw-connection.js';

/** Streams a SELECT through mysql2's row stream (rows as arrays, paused by backpressure), chunk by chunk. */
export async function* mysqlReadChunks(
  knex: Knex,
  query: NativeSql,
  chunkSize: number,
): AsyncGenerator<unknown[][]> {
  const { connection, release } = await acquireRaw<Connection>(knex);
  const stream = connection
    .query({ sql: query.sql, values: [...query.bindings], rowsAsArray: true })
    .stream({ highWaterMark: Math.max(16, chunkSize) });
  let done = false;
  try {
    let chunk: unknown[][] = [];
    for await (const row of stream) {
      chunk.push(row as unknown[]);
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    done = true;
    if (chunk.length > 0) yield chunk;
  } finally {
    // Stopping early leaves unread rows on the wire: close that connection (the pool then discards it)
    // instead of reading the rest.
    if (!done) connection.destroy();
    await release();
  }
}
