// `npm run demo`: the iris lifecycle end to end. With no DHUO_SERVICE_ENDPOINT it starts the local
// Dhuo emulator and uses the embedded SQLite datalake, so it runs offline; then seed → train →
// deploy → run, and a summary read back from the datalake. Running it again writes the next VERSION.
import { mkdirSync, writeFileSync } from 'node:fs';
import { type MockServer, startMockServer } from '@dhuolib/mock-server';
import { openDatalake, rowsByUpperName } from './datalake.js';
import { main as deploy } from './deploy.js';
import { TABLES } from './iris.js';
import { isMain } from './is-main.js';
import { main as run } from './run.js';
import { main as seed } from './seed-datalake.js';
import { main as train } from './train.js';
import { workDir } from './work-dir.js';

/** What the demo reports, read back from the service and the datalake. */
export interface DemoSummary {
  accuracy: number;
  model_version: string;
  stage: string;
  pipeline: { step: string; status: string }[];
  batch_run: { batch_run_id: number; status: string };
  output: { version: number; rows: number; rows_in_table: number };
}

export async function main(): Promise<DemoSummary> {
  mkdirSync(workDir(), { recursive: true });
  let emulator: MockServer | undefined;
  if (!process.env.DHUO_SERVICE_ENDPOINT) {
    process.env.DHUO_DATABASE_URL ??= `sqlite:///${workDir('datalake.db')}`;
    emulator = await startMockServer({
      mode: 'stateful',
      dataDir: workDir('emulator'),
      datalakeUrl: process.env.DHUO_DATABASE_URL,
      validate: false,
      log: false,
    });
    process.env.DHUO_SERVICE_ENDPOINT = emulator.url;
    process.env.DHUO_TOKEN = emulator.token;
    console.log(`Dhuo emulator on ${emulator.url}, datalake ${process.env.DHUO_DATABASE_URL}`);
  }
  try {
    step(1, 'seed the datalake');
    await seed();
    step(2, 'train, log the run, register the model at Production');
    const trained = await train();
    step(3, 'deploy the batch script');
    await deploy();
    step(4, 'run it on a SMALL cluster');
    const { run: batchRun, report } = await run();

    const output = await readOutput();
    const summary: DemoSummary = {
      accuracy: trained.accuracy,
      model_version: trained.model_version,
      stage: trained.stage,
      // This demo's deploy and run: the log from the last DEPLOY on.
      pipeline: report
        .slice(report.findLastIndex((e) => e.step === 'DEPLOY'))
        .map(({ step, status }) => ({ step, status })),
      batch_run: { batch_run_id: batchRun.batch_run_id, status: batchRun.status },
      output,
    };
    console.log('\nSummary');
    console.log(`  accuracy on held-out rows: ${summary.accuracy.toFixed(3)}`);
    console.log(`  model: iris-classification version ${summary.model_version} at ${summary.stage}`);
    console.log(`  pipeline: ${summary.pipeline.map((p) => `${p.step} ${p.status}`).join(' → ')}`);
    console.log(
      `  ${TABLES.output}: ${output.rows} rows written as VERSION ${output.version} (${output.rows_in_table} rows in the table)`,
    );
    writeFileSync(workDir('demo-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    await emulator?.close();
  }
}

function step(n: number, what: string): void {
  console.log(`\n[${n}/4] ${what}`);
}

async function readOutput(): Promise<DemoSummary['output']> {
  const { db, repo } = openDatalake();
  try {
    const rows = rowsByUpperName(await repo.toDataframe(TABLES.output, { list_columns: ['VERSION'] }));
    const versions = rows.map((row) => Number(row.VERSION));
    const version = Math.max(...versions);
    return { version, rows: versions.filter((v) => v === version).length, rows_in_table: rows.length };
  } finally {
    await db.close();
  }
}

if (isMain(import.meta.url)) await main();
