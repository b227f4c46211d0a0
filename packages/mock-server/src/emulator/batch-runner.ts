import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from './emulator.js';
import { scriptCommand } from './script-runtime.js';
import type { BatchRunRecord, DeployRecord, ProjectRecord } from './state.js';

const MAX_LOG = 1024 * 1024;

/** Runs deployed scripts in child processes: PENDING → RUNNING → SUCCEEDED/FAILED. */
export class BatchRunner {
  private readonly children = new Map<number, ChildProcess>();
  private readonly done = new Map<number, Promise<void>>();
  private stopped = false;

  constructor(private readonly emu: Emulator) {}

  /** Marks runs left PENDING/RUNNING by a previous process as FAILED. */
  recoverInterrupted(): void {
    let changed = false;
    for (const r of this.emu.state.batch_runs) {
      if (r.status === 'PENDING' || r.status === 'RUNNING') {
        r.status = 'FAILED';
        r.finished_at = new Date().toISOString();
        r.log += '\n[emulator] The emulator stopped while this run was in progress.\n';
        changed = true;
      }
    }
    if (changed) this.emu.save();
  }

  /** Starts a run of the project's latest deploy on its cluster; the caller checked both exist. */
  start(project: ProjectRecord, trigger: 'manual' | 'schedule'): BatchRunRecord {
    const deploy = project.deploys.at(-1) as DeployRecord;
    const now = new Date().toISOString();
    const run: BatchRunRecord = {
      batch_run_id: ++this.emu.state.seq.batch_run,
      project_name: project.project_name,
      deploy_id: deploy.deploy_id,
      status: 'PENDING',
      trigger,
      created_at: now,
      started_at: null,
      finished_at: null,
      exit_code: null,
      log: '',
    };
    this.emu.state.batch_runs.push(run);
    project.status_log.push({
      date: now,
      step: 'RUN',
      status: 'PENDING',
      batch_run_id: run.batch_run_id,
      log: '',
    });
    this.emu.save();
    const snapshot = { ...run };
    this.done.set(
      run.batch_run_id,
      new Promise<void>((resolve) => setImmediate(() => this.execute(project, deploy, run).finally(resolve))),
    );
    return snapshot;
  }

  /** Resolves when a run has finished (for tests and close()). */
  async wait(batchRunId: number): Promise<void> {
    await this.done.get(batchRunId);
  }

  private finish(project: ProjectRecord, run: BatchRunRecord, ok: boolean, exitCode: number | null): void {
    run.status = ok ? 'SUCCEEDED' : 'FAILED';
    run.exit_code = exitCode;
    run.finished_at = new Date().toISOString();
    project.status_log.push({
      date: run.finished_at,
      step: 'RUN',
      status: run.status,
      batch_run_id: run.batch_run_id,
      log: run.log,
    });
    this.emu.save();
    this.emu.config.log(`batch run ${run.batch_run_id} of ${project.project_name}: ${run.status}`);
  }

  private append(run: BatchRunRecord, text: string): void {
    run.log += text;
    if (run.log.length > MAX_LOG) run.log = `[emulator] output truncated\n${run.log.slice(-MAX_LOG)}`;
  }

  private async execute(project: ProjectRecord, deploy: DeployRecord, run: BatchRunRecord): Promise<void> {
    const cluster = project.cluster;
    const { cpus, memory_mb, timeout_seconds } = cluster?.resources ?? {
      cpus: 1,
      memory_mb: 2048,
      timeout_seconds: 600,
    };
    const dir = join(this.emu.config.dataDir, deploy.dir);
    const script = join(dir, deploy.script_filename);
    run.status = 'RUNNING';
    run.started_at = new Date().toISOString();
    project.status_log.push({
      date: run.started_at,
      step: 'RUN',
      status: 'RUNNING',
      batch_run_id: run.batch_run_id,
      log: '',
    });
    this.emu.save();
    const cmd = this.stopped
      ? { error: 'The emulator stopped before this run could start.' }
      : scriptCommand(script, memory_mb, [this.emu.config.datalakeUrl]);
    if ('error' in cmd) {
      this.append(run, `[emulator] ${cmd.error}\n`);
      this.finish(project, run, false, null);
      return;
    }
    this.linkNodeModules(dir);
    await new Promise<void>((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(cmd.command, cmd.args, {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            DHUO_SERVICE_ENDPOINT: this.emu.config.publicUrl,
            DHUO_TOKEN: this.emu.config.token,
            DHUO_DATABASE_URL: this.emu.config.datalakeUrl,
            DHUO_PROJECT_NAME: project.project_name,
            DHUO_BATCH_RUN_ID: String(run.batch_run_id),
            DHUO_CLUSTER_CPUS: String(cpus),
            DHUO_CLUSTER_MEMORY_MB: String(memory_mb),
            UV_THREADPOOL_SIZE: String(Math.max(cpus, 1)),
          },
        });
      } catch (e) {
        this.append(run, `[emulator] could not start ${cmd.command}: ${(e as Error).message}\n`);
        this.finish(project, run, false, null);
        resolve();
        return;
      }
      this.children.set(run.batch_run_id, child);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeout_seconds * 1000);
      child.stdout?.on('data', (c: Buffer) => this.append(run, c.toString('utf8')));
      child.stderr?.on('data', (c: Buffer) => this.append(run, c.toString('utf8')));
      child.on('error', (e) => this.append(run, `[emulator] ${e.message}\n`));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.children.delete(run.batch_run_id);
        if (timedOut)
          this.append(run, `[emulator] killed after the cluster's timeout of ${timeout_seconds} s\n`);
        else if (signal) this.append(run, `[emulator] stopped by ${signal}\n`);
        this.finish(project, run, code === 0 && !timedOut, code);
        resolve();
      });
    });
  }

  /** Gives the script a node_modules (a symlink) so it can import @dhuolib/* and its dependencies. */
  private linkNodeModules(dir: string): void {
    const target = this.emu.config.nodeModulesDir;
    const link = join(dir, 'node_modules');
    if (!target || existsSync(link)) return;
    try {
      symlinkSync(target, link, 'dir');
    } catch {
      // A missing link only matters to scripts that import packages; their error lands in the log.
    }
  }

  /** Kills running scripts and waits for them to be recorded. */
  async stopAll(): Promise<void> {
    this.stopped = true;
    for (const c of this.children.values()) c.kill('SIGKILL');
    await Promise.all([...this.done.values()]);
  }
}
