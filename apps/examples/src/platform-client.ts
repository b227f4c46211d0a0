// DhuolibPlatformClient, call by call: a project, a deploy, a cluster, a run, a schedule and the
// pipeline status. Runs against DHUO_SERVICE_ENDPOINT with DHUO_TOKEN.

import { mkdirSync, writeFileSync } from 'node:fs';
import { DhuoConflictError, DhuolibPlatformClient } from '@dhuolib/sdk';
import { REQUIREMENTS_PATH } from './deploy.js';
import { isMain } from './is-main.js';
import { workDir } from './work-dir.js';

export async function main(): Promise<{ status: string; next_runs: string[] }> {
  const platform = new DhuolibPlatformClient({ projectName: 'platform-client-example' });
  try {
    await platform.createBatchProject();
  } catch (error) {
    if (!(error instanceof DhuoConflictError)) throw error;
  }

  // A batch script that only reports where it runs; the platform gives it the datalake URL as argv[2].
  mkdirSync(workDir('artifacts'), { recursive: true });
  const script = workDir('artifacts', 'hello.mjs');
  writeFileSync(
    script,
    "console.log('hello from the cluster, datalake at', process.argv[2] ? 'given' : 'missing');\n",
  );
  const deploy = await platform.deployBatchProject({
    script_filename: script,
    requirements_filename: REQUIREMENTS_PATH,
  });
  console.log(`deploy ${deploy.deploy_id}: ${deploy.status}`);

  const cluster = await platform.createCluster('SMALL');
  console.log(
    `cluster ${cluster.cluster_name}: ${cluster.resources.cpus} cpu, ${cluster.resources.memory_mb} MB`,
  );

  const started = await platform.batchRun();
  const run = await platform.waitForBatchRun(started.batch_run_id, { pollInterval: 200, maxWait: 60_000 });
  console.log(`batch run ${run.batch_run_id}: ${run.status}\n${run.log ?? ''}`);

  const schedule = await platform.scheduleBatchRun({ schedule_interval: '*/5 * * * *' });
  console.log(`${schedule.message}; next runs: ${schedule.expected_next_runs.join(', ')}`);
  await platform.removeSchedule();

  for (const entry of await platform.pipelineStatusReport())
    console.log(`${entry.date} ${entry.step} ${entry.status}`);
  return { status: run.status, next_runs: schedule.expected_next_runs };
}

if (isMain(import.meta.url)) await main();
