// Runs `npm run demo`'s program end to end, twice, offline, and checks its facts in the datalake.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseConnection, GenericRepository } from '@dhuolib/repository';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const demoDir = mkdtempSync(join(tmpdir(), 'dhuolib-demo-'));

function runDemo() {
  const env: NodeJS.ProcessEnv = { ...process.env, DHUO_DEMO_DIR: demoDir };
  for (const name of ['DHUO_SERVICE_ENDPOINT', 'DHUO_TOKEN', 'DHUO_DATABASE_URL', 'DHUO_DATABASE_CONFIG']) {
    delete env[name];
  }
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/demo.ts'], {
    cwd: appDir,
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (result.status !== 0)
    throw new Error(`demo exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return {
    stdout: result.stdout,
    summary: JSON.parse(readFileSync(join(demoDir, 'demo-summary.json'), 'utf8')),
  };
}

async function rowsPerVersion(): Promise<Record<number, number>> {
  const db = new DatabaseConnection({ url: `sqlite:///${join(demoDir, 'datalake.db')}` });
  try {
    const page = await new GenericRepository(db).getItemsWithPagination('IRIS_OUTPUT', { page_size: 10_000 });
    const counts: Record<number, number> = {};
    for (const row of page.items) counts[Number(row.VERSION)] = (counts[Number(row.VERSION)] ?? 0) + 1;
    for (const row of page.items) expect(row.PREDICT).toMatch(/^Iris-(setosa|versicolor|virginica)$/);
    return counts;
  } finally {
    await db.close();
  }
}

afterAll(() => rmSync(demoDir, { recursive: true, force: true }));

describe('npm run demo', () => {
  it('runs the iris lifecycle offline and writes VERSION 1, then VERSION 2 on the next run', async () => {
    const first = runDemo();
    expect(first.stdout).toContain('[4/4]');
    expect(first.summary.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(first.summary.stage).toBe('Production');
    expect(first.summary.batch_run.status).toBe('SUCCEEDED');
    expect(first.summary.pipeline.at(-1)).toEqual({ step: 'RUN', status: 'SUCCEEDED' });
    expect(first.summary.output).toEqual({ version: 1, rows: 150, rows_in_table: 150 });
    expect(await rowsPerVersion()).toEqual({ 1: 150 });

    const second = runDemo();
    expect(second.summary.output).toEqual({ version: 2, rows: 150, rows_in_table: 300 });
    expect(second.summary.model_version).toBe('2');
    expect(await rowsPerVersion()).toEqual({ 1: 150, 2: 150 });
  }, 300_000);
});
