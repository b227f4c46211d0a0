// GenericRepository, call by call, on the datalake (the embedded SQLite file by default; set
// DHUO_DATABASE_URL or DHUO_DATABASE_CONFIG for another): create, insert, paginate, filter, versioned
// writes and a streamed read.
import { DataFrame } from 'danfojs-node';
import { openDatalake } from './datalake.js';
import { isMain } from './is-main.js';

export async function main(): Promise<{ versions: number[]; filtered: number; streamed: number }> {
  const { db, repo } = openDatalake();
  const table = `EXAMPLE_SCORES_${Date.now()}`;
  const output = `${table}_OUT`;
  try {
    const created = await repo.createTableByDataframe(
      table,
      new DataFrame({ name: ['a', 'b', 'c'], value: [5, 15, 42] }),
    );
    console.log(`created ${created.table_name} with ${created.number_lines_inserted} rows`);

    const inserted = await repo.insert(table, { name: 'd', value: 7 });
    console.log('inserted', inserted);

    const page = await repo.getItemsWithPagination(table, { page: 1, page_size: 2 });
    console.log(`page ${page.page}: ${page.items.length} of ${page.total_items} rows`);

    const big = await repo.toDataframe(table, {
      filter_clause: 'value > 10',
      list_columns: ['name', 'value'],
    });
    console.log(`value > 10: ${big.shape[0]} rows`);

    // Versioned writes need PREDICT, VERSION and CREATED_AT; a DataFrame column `predict` lands in PREDICT.
    await repo.createTable(output, {
      name: 'string',
      value: 'float',
      PREDICT: 'integer',
      VERSION: 'integer',
      CREATED_AT: 'datetime',
    });
    const versions: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const written = await repo.updateTableByDataframe(
        output,
        new DataFrame({ name: ['x', 'y'], value: [1, 2], predict: [1, 0] }),
        { is_update_version: true },
      );
      console.log(
        `wrote ${written.rows} rows as VERSION ${written.version} at ${written.created_at?.toISOString()}`,
      );
      if (written.version !== undefined) versions.push(written.version);
    }

    let streamed = 0;
    for await (const chunk of repo.toDataframeStream(output, { chunk_size: 2 }))
      streamed += chunk.shape[0] ?? 0;
    console.log(`streamed ${streamed} rows in chunks of 2`);
    return { versions, filtered: big.shape[0] ?? 0, streamed };
  } finally {
    for (const name of [table, output]) await db.knex.schema.dropTableIfExists(name).catch(() => undefined);
    await db.close();
  }
}

if (isMain(import.meta.url)) await main();
