import { createHash, type Hash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { notFound } from './api-error.js';
import { BatchRunner } from './batch-runner.js';
import type { EmulatorConfig } from './emulator-config.js';
import { JsonStore } from './json-store.js';
import { Scheduler } from './scheduler.js';
import type { ExperimentRecord, ModelRecord, ProjectRecord } from './state.js';

/** The emulator's state and services; handlers read and change it. */
export class Emulator {
  readonly store: JsonStore;
  readonly runner: BatchRunner;
  readonly scheduler: Scheduler;
  /** Running SHA-256 of each open upload (rebuilt from disk after a restart). */
  readonly uploadHashes = new Map<string, Hash>();

  constructor(readonly config: EmulatorConfig) {
    for (const d of ['uploads', 'runs', 'projects']) mkdirSync(join(config.dataDir, d), { recursive: true });
    this.store = new JsonStore(config.dataDir);
    this.runner = new BatchRunner(this);
    this.scheduler = new Scheduler(this);
    this.runner.recoverInterrupted();
    this.scheduler.armAll();
  }

  /** The state (mutate, then call `save()`). */
  get state() {
    return this.store.state;
  }

  /** Persists the state atomically. */
  save(): void {
    this.store.save();
  }

  /** An experiment by name, or 404 naming `param`. */
  experimentByName(name: string, param = 'experiment_name'): ExperimentRecord {
    const e = this.state.experiments.find((x) => x.experiment_name === name);
    if (!e) throw notFound(param, `No experiment named ${name}; create it with POST /api/experiment`);
    return e;
  }

  /** A registered model by name, or 404 naming `param`. */
  modelByName(name: string, param = 'model_name'): ModelRecord {
    const m = this.state.models.find((x) => x.model_name === name);
    if (!m) throw notFound(param, `No registered model named ${name}; register one with POST /api/models`);
    return m;
  }

  /** A project by name, or 404. */
  projectByName(name: string): ProjectRecord {
    const p = this.state.projects.find((x) => x.project_name === name);
    if (!p) throw notFound('project_name', `No project named ${name}; create it with POST /api/project`);
    return p;
  }

  /** A fresh SHA-256 hasher (kept per upload). */
  newHash(): Hash {
    return createHash('sha256');
  }

  /** Stops timers and running scripts. */
  async close(): Promise<void> {
    this.scheduler.stopAll();
    await this.runner.stopAll();
  }
}
