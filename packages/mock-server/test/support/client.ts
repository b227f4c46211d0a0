import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, type MockServerOptions, startMockServer } from '../../src/index.js';

/** A violation header seen on a response, with the request that got it. */
export interface SeenViolation {
  request: string;
  status: number;
  header: string;
  /** The test meant to break the spec's request schema. */
  invalidRequest: boolean;
}

/** Options of one call. */
export interface CallOptions {
  json?: unknown;
  form?: FormData;
  body?: string;
  headers?: Record<string, string>;
  /** false: send no token; a string: send that token as X-Dhuo-Access-Key. */
  token?: false | string;
  /** The request breaks the spec on purpose (its request-side violations are expected). */
  invalidRequest?: boolean;
}

/** A fetch helper bound to one server that records every `sl-violations` header. */
export class TestClient {
  readonly violations: SeenViolation[] = [];
  responses = 0;

  constructor(public server: MockServer) {}

  /** Calls the service and returns the response (body unread). */
  async call(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== false) headers['X-Dhuo-Access-Key'] = opts.token ?? this.server.token;
    let body: RequestInit['body'];
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) body = opts.form;
    else if (opts.body !== undefined) body = opts.body;
    const res = await fetch(`${this.server.url}${path}`, { method, headers, body });
    this.responses++;
    const header = res.headers.get('sl-violations');
    if (header) {
      this.violations.push({
        request: `${method} ${path}`,
        status: res.status,
        header,
        invalidRequest: opts.invalidRequest === true,
      });
    }
    return res;
  }

  /** Calls and parses the JSON body. */
  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: CallOptions = {},
  ): Promise<{ status: number; body: T; res: Response }> {
    const res = await this.call(method, path, opts);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, res };
  }

  /** Violations that break the contract: any on a valid request, and response-side ones on any request. */
  contractViolations(): SeenViolation[] {
    return this.violations.filter((v) => {
      if (!v.invalidRequest) return true;
      const entries = JSON.parse(v.header) as { location: string[] }[];
      return entries.some((e) => e.location[0] !== 'request');
    });
  }

  /** The persisted state file's text (to check a bad request left it unchanged). */
  stateText(): string {
    try {
      return readFileSync(join(this.server.dataDir, 'state.json'), 'utf8');
    } catch {
      return '';
    }
  }
}

/** A fresh temporary data directory. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'dhuolib-emulator-'));
}

/** Starts a stateful server validated by Prism, with a temp data dir and a fixed token. */
export async function startValidated(extra: Partial<MockServerOptions> = {}): Promise<TestClient> {
  const server = await startMockServer({
    mode: 'stateful',
    validate: true,
    dataDir: tempDataDir(),
    token: 'test-token',
    log: false,
    datalakeUrl: 'sqlite:///tmp/dhuolib-test-datalake.db',
    ...extra,
  });
  return new TestClient(server);
}

/** Builds a multipart form from fields and binary parts. */
export function form(
  fields: Record<string, string>,
  files: Record<string, string | Uint8Array> = {},
): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const [k, v] of Object.entries(files)) f.append(k, new Blob([v]), `${k}.bin`);
  return f;
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  stepMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
