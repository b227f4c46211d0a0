// Step 1 of the iris lifecycle: load the iris data set into the datalake as IRIS_TRAIN (features +
// class), IRIS_FEATURE (features to predict) and an empty IRIS_OUTPUT (features + PREDICT, VERSION,
// CREATED_AT). Tables that exist already are left as they are, so the step can run again.
import { type GenericRepository, TableExistsError } from '@dhuolib/repository';
import { DataFrame } from 'danfojs-node';
import { openDatalake } from './datalake.js';
import { FEATURE_COLUMNS, FEATURES, loadIris, TABLES } from './iris.js';
import { isMain } from './is-main.js';

/** What the step did to each table. */
export type SeedResult = Record<(typeof TABLES)[keyof typeof TABLES], 'created' | 'kept'>;

export async function main(): Promise<SeedResult> {
  const { db, repo } = openDatalake();
  try {
    const iris = loadIris();
    const train = new DataFrame(iris.map((row) => ({ ...row })));
    const features = new DataFrame(
      iris.map((row) => Object.fromEntries(FEATURES.map((f, i) => [FEATURE_COLUMNS[i]!, row[f]]))),
    );
    const result = {
      [TABLES.train]: await createOnce(() => repo.createTableByDataframe(TABLES.train, train)),
      [TABLES.feature]: await createOnce(() => repo.createTableByDataframe(TABLES.feature, features)),
      [TABLES.output]: await createOnce(() => createOutputTable(repo)),
    } as SeedResult;
    for (const [table, what] of Object.entries(result)) console.log(`  ${table}: ${what}`);
    return result;
  } finally {
    await db.close();
  }
}

function createOutputTable(repo: GenericRepository) {
  return repo.createTable(TABLES.output, {
    ...Object.fromEntries(FEATURE_COLUMNS.map((c) => [c, 'float' as const])),
    PREDICT: 'string',
    VERSION: 'integer',
    CREATED_AT: 'datetime',
  });
}

async function createOnce(create: () => Promise<unknown>): Promise<'created' | 'kept'> {
  try {
    await create();
    return 'created';
  } catch (error) {
    if (error instanceof TableExistsError) return 'kept';
    throw error;
  }
}

if (isMain(import.meta.url)) await main();
