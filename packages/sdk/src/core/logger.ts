import { readEnv } from './env.js';

/** How much the SDK logs; `DHUO_LOG` sets the default. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where log lines go (defaults to `console`). */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

const rank: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** A logger that knows its level (so callers can skip building debug lines). */
export interface LevelLogger extends Logger {
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
}

/** A logger that drops lines under `level` and scrubs every secret from what it prints. */
export function createLogger(
  options: { logger?: Logger | undefined; logLevel?: LogLevel | undefined },
  secrets: readonly string[],
): LevelLogger {
  const envLevel = readEnv('DHUO_LOG') as LogLevel | undefined;
  const level: LogLevel = options.logLevel ?? (envLevel && envLevel in rank ? envLevel : 'warn');
  const sink = options.logger ?? console;
  const scrub = redactor(secrets);
  const at =
    (name: Exclude<LogLevel, 'off'>) =>
    (message: string, ...rest: unknown[]) => {
      if (rank[level] < rank[name]) return;
      sink[name](scrub(`[dhuo] ${message}`), ...rest.map((value) => scrub(safeString(value))));
    };
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    enabled: (name) => rank[level] >= rank[name],
  };
}

/** Replaces every occurrence of a secret (and its `Bearer` form) with `***`. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const needles = secrets
    .flatMap((secret) => [secret, secret.replace(/^bearer\s+/i, '')])
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);
  if (needles.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of needles) out = out.split(needle).join('***');
    return out;
  };
}

function safeString(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
