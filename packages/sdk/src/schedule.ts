import { CronExpressionParser } from 'cron-parser';
import { DhuoValidationError } from './core/errors.js';
import { describeValue } from './core/validation.js';

/** Options of {@link nextCronRuns}. */
export interface NextRunsOptions {
  /** How many runs to list (default 5). */
  count?: number;
  /** Count from this instant (default now). */
  from?: Date;
  /** The time zone the expression is read in (default `UTC`, as the service reads it). */
  timezone?: string;
}

/**
 * Checks a cron expression of five fields (`minute hour day-of-month month day-of-week`), or six with
 * seconds first, and lists the next times it fires, as ISO strings. Throws `DhuoValidationError`
 * naming `schedule_interval`.
 */
export function nextCronRuns(expression: unknown, options: NextRunsOptions = {}): string[] {
  const expected =
    "a five-field cron expression (minute hour day-of-month month day-of-week), e.g. '*/5 * * * *'";
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new DhuoValidationError('schedule_interval', expected, describeValue(expression));
  }
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new DhuoValidationError(
      'schedule_interval',
      expected,
      `${JSON.stringify(expression)} (${fields.length} fields)`,
    );
  }
  try {
    const parsed = CronExpressionParser.parse(fields.join(' '), {
      currentDate: options.from ?? new Date(),
      tz: options.timezone ?? 'UTC',
      strict: false,
    });
    return parsed.take(options.count ?? 5).map((date) => date.toISOString() as string);
  } catch (error) {
    throw new DhuoValidationError(
      'schedule_interval',
      expected,
      `${JSON.stringify(expression)} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
