// The batch script that `deploy` sends to the platform and `run` executes there (the seed's
// script.py): read IRIS_FEATURE, predict it with the model registered at Production, and append the
// predictions to IRIS_OUTPUT as the next VERSION. It is deployed alone, so it imports packages only.
//
// The platform passes the datalake's connection string as the first argument (and DHUO_DATABASE_URL),
// and the service endpoint and token as DHUO_SERVICE_ENDPOINT and DHUO_TOKEN.
import { pathToFileURL } from 'node:url';
import { DatabaseConnection, GenericRepository } from '@dhuolib/repository';
import { DhuolibExperimentClient } from '@dhuolib/sdk';

const FEATURE_COLUMNS = ['SEPAL_LENGTH', 'SEPAL_WIDTH', 'PETAL_LENGTH', 'PETAL_WIDTH'];

export async function main(datalakeUrl = process.argv[2]): Promise<{ rows: number; version?: number }> {
  const db = new DatabaseConnection(datalakeUrl ? { url: datalakeUrl } : {});
  try {
    const repository = new GenericRepository(db);
    const client = new DhuolibExperimentClient();
    const df = await repository.toDataframe('IRIS_FEATURE', { list_columns: FEATURE_COLUMNS });
    console.log(`read ${df.shape[0]} rows from IRIS_FEATURE`);

    const predicts = await client.predictionBatchWithDataframe(
      {
        modelname: 'iris-classification',
        stage: 'Production',
        experiment_name: 'iris-classification',
        type_model: 'ml-random-forest',
        run_id: '',
        batch_model_dir: 'iris-model.json',
      },
      df,
    );
    df.addColumn('predict', predicts.map(String), { inplace: true });

    const written = await repository.updateTableByDataframe('IRIS_OUTPUT', df, { is_update_version: true });
    console.log(`wrote ${written.rows} rows to IRIS_OUTPUT as VERSION ${written.version}`);
    return written;
  } finally {
    await db.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
