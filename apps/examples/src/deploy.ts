// Step 3 of the iris lifecycle: create the batch project (kept if it exists), deploy the batch
// script with its requirements, and print the pipeline status.
import { fileURLToPath } from 'node:url';
import { DhuoConflictError, DhuolibPlatformClient } from '@dhuolib/sdk';
import { PROJECT_NAME } from './iris.js';
import { isMain } from './is-main.js';

export const SCRIPT_PATH = fileURLToPath(new URL('../batch/script.ts', import.meta.url));
export const REQUIREMENTS_PATH = fileURLToPath(new URL('../batch/requirements.txt', import.meta.url));

export async function main(): Promise<{ deploy_id: number }> {
  const platform = new DhuolibPlatformClient({ projectName: PROJECT_NAME });
  try {
    await platform.createBatchProject();
    console.log(`  project ${PROJECT_NAME} created`);
  } catch (error) {
    if (!(error instanceof DhuoConflictError)) throw error;
    console.log(`  project ${PROJECT_NAME} exists`);
  }
  const deploy = await platform.deployBatchProject({
    script_filename: SCRIPT_PATH,
    requirements_filename: REQUIREMENTS_PATH,
  });
  console.log(`  deploy ${deploy.deploy_id} of ${deploy.script_filename}: ${deploy.status}`);
  for (const entry of await platform.pipelineStatusReport()) {
    console.log(`  ${entry.date}  ${entry.step.padEnd(8)} ${entry.status}`);
  }
  return { deploy_id: deploy.deploy_id };
}

if (isMain(import.meta.url)) await main();
