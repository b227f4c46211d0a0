import type { Knex } from 'knex';
import type { NativeSql } from '../dialect.js';
import { acquireRaw } from '../raw-connection.js';
import { loadOracleDb } from './versioned-write.js';

interface ResultSet {
  getRows(n: number): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** Streams a SELECT through an oracledb result set, `chunkSize` rows at a time. */
export async function* oracleReadChunks(
  knex: Knex,
  query: NativeSql,
  chunkSize: number,
): AsyncGenerator<unknown[][]> {
  const oracledb = await loadOracleDb();
  const { connection, release } = await acquireRaw<{
    execute(sql: string, binds: unknown[], options: object): Promise<{ resultSet: ResultSet }>;
  }>(knex);
  try {
    const { resultSet } = await connection.execute(query.sql, [...query.bindings], {
      resultSet: true,
      outFormat: oracledb.OUT_FORMAT_ARRAY,
      fetchArraySize: chunkSize,
    });
    try {
      for (;;) {
        const rows = await resultSet.getRows(chunkSize);
        if (rows.length === 0) break;
        yield rows;
      }
    } finally {
      await resultSet.close();
    }
  } finally {
    await release();
  }
}
