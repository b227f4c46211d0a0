import type { Knex } from 'knex';

interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/** Acquires a raw connection for a generator that releases it in its own `finally`. */
export async function acquireRaw<C>(
  knex: Knex,
): Promise<{ connection: C; release: () => Promise<void>; markBroken: (reason: unknown) => void }> {
  const client = knex.client as unknown as PoolClient;
  const connection = (await client.acquireConnection()) as C & { __knex__disposed?: unknown };
  return {
    connection,
    release: async () => {
      await client.releaseConnection(connection);
    },
    markBroken: (reason) => {
      // knex's pool validator drops connections flagged this way.
      connection.__knex__disposed = reason ?? new Error('connection broken');
    },
  };
}

/**
 * Borrows the driver's own connection from knex's pool for a fast path, and gives it back. A connection
 * left in an unknown state (`broken` set by the callback) is discarded instead of reused.
 */
export async function withRawConnection<C, T>(
  knex: Knex,
  fn: (connection: C, markBroken: (reason: unknown) => void) => Promise<T>,
): Promise<T> {
  const { connection, release, markBroken } = await acquireRaw<C>(knex);
  try {
    return await fn(connection, markBroken);
  } finally {
    await release();
  }
}
