import { CronExpressionParser } from 'cron-parser';
import { invalid } from './api-error.js';
import type { Emulator } from './emulator.js';
import type { ProjectRecord } from './state.js';

const MAX_DELAY = 2 ** 31 - 1;

/**
 * Parses a cron expression: five fields (minute precision), or six with seconds first
 * (`* * * * * *` fires every second — handy for tests). 400 naming schedule_interval otherwise.
 */
export function parseCron(expr: string, from = new Date()) {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw invalid(
      'schedule_interval',
      `schedule_interval must be a cron expression of 5 fields (or 6 with seconds), got '${expr}'`,
    );
  }
  try {
    return CronExpressionParser.parse(expr, { currentDate: from, strict: false });
  } catch (e) {
    throw invalid(
      'schedule_interval',
      `schedule_interval '${expr}' is not a valid cron expression: ${(e as Error).message}`,
    );
  }
}

/** The next `n` times a cron expression fires, as ISO strings. */
export function nextRuns(expr: string, n = 3): string[] {
  const it = parseCron(expr);
  return it.take(n).map((d) => d.toDate().toISOString());
}

/** Fires each project's schedule with a timer set to its next occurrence; re-arms after each fire. */
export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly emu: Emulator) {}

  /** Arms every schedule in the state (after a restart). */
  armAll(): void {
    for (const p of this.emu.state.projects) if (p.schedule) this.arm(p);
  }

  /** (Re)arms a project's schedule. */
  arm(project: ProjectRecord): void {
    this.disarm(project.project_name);
    if (!project.schedule || this.stopped) return;
    const next = parseCron(project.schedule.schedule_interval).next().toDate().getTime();
    const delay = Math.max(0, next - Date.now());
    const timer = setTimeout(
      () => {
        if (delay > MAX_DELAY - 1) {
          this.arm(project);
          return;
        }
        this.fire(project);
      },
      Math.min(delay, MAX_DELAY),
    );
    timer.unref();
    this.timers.set(project.project_name, timer);
  }

  /** Stops a project's timer. */
  disarm(projectName: string): void {
    const t = this.timers.get(projectName);
    if (t) clearTimeout(t);
    this.timers.delete(projectName);
  }

  private fire(project: ProjectRecord): void {
    this.timers.delete(project.project_name);
    if (!project.schedule || this.stopped) return;
    const now = new Date().toISOString();
    if (project.deploys.length === 0 || !project.cluster) {
      project.status_log.push({
        date: now,
        step: 'SCHEDULE',
        status: 'FAILED',
        log: `Scheduled run skipped: the project needs ${project.deploys.length === 0 ? 'a deploy' : 'a cluster'}`,
      });
      this.emu.save();
    } else {
      this.emu.runner.start(project, 'schedule');
    }
    this.arm(project);
  }

  /** Stops every timer (close). */
  stopAll(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
