// Step 4 of the iris lifecycle: create a SMALL cluster for the project, run the deployed script on
// it, wait for the run to finish, and print the pipeline status report.
import { type BatchRun, DhuolibPlatformClient, type PipelineStatusEntry } from '@dhuolib/sdk';
import { PROJECT_NAME } from './iris.js';
import { isMain } from './is-main.js';

export async function main(): Promise<{ run: BatchRun; report: PipelineStatusEntry[] }> {
  const platform = new DhuolibPlatformClient({ projectName: PROJECT_NAME });
  const cluster = await platform.createCluster(1);
  console.log(
    `  cluster ${cluster.cluster_name} (${cluster.resources.cpus} cpu, ${cluster.resources.memory_mb} MB)`,
  );
  const started = await platform.batchRun();
  const run = await platform.waitForBatchRun(started.batch_run_id, {
    maxWait: 180_000,
    pollInterval: 250,
    onStatus: (r) => console.log(`  batch run ${r.batch_run_id}: ${r.status}`),
  });
  const report = await platform.pipelineStatusReport();
  for (const entry of report.filter(
    (e) => e.batch_run_id === run.batch_run_id || e.batch_run_id === undefined,
  )) {
    console.log(`  ${entry.date}  ${entry.step.padEnd(8)} ${entry.status}`);
  }
  if (run.status !== 'SUCCEEDED') {
    throw new Error(`batch run ${run.batch_run_id} ${run.status} (exit ${run.exit_code}):\n${run.log ?? ''}`);
  }
  return { run, report };
}

if (isMain(import.meta.url)) await main();
