import type { Knex } from 'knex';
import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { NativeSql } from '../dialect.js';
import { acquireRaw } from '../raw-connection.js';
import { postgresTypes } from './types.js';

/** Streams a SELECT through pg-cursor: rows as arrays, `chunkSize` at a time, flat memory. */
export async function* postgresReadChunks(
  knex: Knex,
  query: NativeSql,
  chunkSize: number,
): AsyncGenerator<unknown[][]> {
  const { connection: client, release } = await acquireRaw<pg.Client>(knex);
  const cursor = client.query(
    new Cursor<unknown[]>(query.sql, [...query.bindings], { rowMode: 'array', types: postgresTypes }),
  );
  try {
    for (;;) {
      const rows = await cursor.read(chunkSize);
      if (rows.length === 0) break;
      yield rows;
    }
  } finally {
    await cursor.close().catch(() => undefined);
    await release();
  }
}
