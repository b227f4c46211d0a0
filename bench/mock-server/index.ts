// Cold start to the first 200 OK of each mode, and requests per second of the emulator with and
// without Prism's validation, against baselines measured in the same run (loopback only).
//   node --conditions=source --import tsx bench/mock-server/index.ts
// Env: BENCH_RUNS (cold starts per mode, default 3), BENCH_REQUESTS (default 2000),
//      BENCH_CONCURRENCY (default 16).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'packages', 'mock-server', 'src', 'cli.ts');
const spec = join(root, 'openapi', 'dhuo.yaml');
const envNumber = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const RUNS = envNumber('BENCH_RUNS', 3);
const REQUESTS = envNumber('BENCH_REQUESTS', 2000);
const CONCURRENCY = envNumber('BENCH_CONCURRENCY', 16);
const TSX = ['--conditions=source', '--import', 'tsx'];

let nextPort = 18_500 + Math.floor(Math.random() * 1000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Polls GET /api/health until it answers 200; returns the time since `t0`. */
async function untilHealthy(port: number, t0: number): Promise<number> {
  for (;;) {
    if (performance.now() - t0 > 30_000) throw new Error(`port ${port} did not answer within 30 s`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Spawns a server, runs `body` once it answers, then stops it. */
async function withServer<T>(
  command: string,
  args: string[],
  port: number,
  body: (ms: number) => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  const child = spawn(command, args, { stdio: 'ignore', cwd: root });
  try {
    return await body(await untilHealthy(port, t0));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function coldStarts(label: string, make: (port: number) => [string, string[]]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const port = nextPort++;
    const [cmd, args] = make(port);
    times.push(await withServer(cmd, args, port, async (ms) => ms));
  }
  const m = median(times);
  console.log(
    `  ${label.padEnd(44)} ${m.toFixed(0).padStart(6)} ms  (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`,
  );
  return m;
}

/** One request over a keep-alive agent (lighter than fetch, so the server dominates). */
function request(
  agent: Agent,
  url: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<number>((resolve, reject) => {
    const r = httpRequest({ agent, host: url.hostname, port: url.port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    r.on('error', reject);
    r.end(body);
  });
}

/** Requests per second of a 3:1 mix of searches and idempotent creates. */
async function throughput(base: string, token: string): Promise<number> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const headers = { 'X-Dhuo-Access-Key': token, 'Content-Type': 'application/json' };
  const create = JSON.stringify({ experiment_name: 'bench' });
  const search = `/api/experiment/search?filter_string=${encodeURIComponent("name = 'bench'")}`;
  await request(agent, url, 'POST', '/api/experiment', headers, create);
  let issued = 0;
  const worker = async () => {
    while (issued < REQUESTS) {
      const n = issued++;
      const status =
        n % 4 === 0
          ? await request(agent, url, 'POST', '/api/experiment', headers, create)
          : await request(agent, url, 'GET', search, { 'X-Dhuo-Access-Key': token });
      if (status !== 200) throw new Error(`status ${status}`);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const rps = REQUESTS / ((performance.now() - t0) / 1000);
  agent.destroy();
  return rps;
}

/** Runs the benchmark and prints its figures. */
export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dhuolib-bench-'));
  let n = 0;
  const mock =
    (extra: string[]) =>
    (p: number): [string, string[]] => [
      process.execPath,
      [
        ...TSX,
        cli,
        ...extra,
        '--port',
        String(p),
        '--data-dir',
        join(dir, `d${n++}`),
        '--token',
        't',
        '--quiet',
      ],
    ];
  try {
    console.log(`Cold start to the first 200 OK (median of ${RUNS}; includes node + tsx start):`);
    const base = await coldStarts('baseline: bare node:http server', (p) => [
      process.execPath,
      ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${p},'127.0.0.1')`],
    ]);
    const prismCli = await coldStarts('reference: prism mock CLI (child process)', (p) => [
      join(root, 'node_modules', '.bin', 'prism'),
      ['mock', spec, '-p', String(p), '-h', '127.0.0.1'],
    ]);
    const modes: [string, string[]][] = [
      ['static (Prism worker thread)', ['--mode', 'static']],
      ['stateful, no validation', ['--mode', 'stateful', '--no-validate']],
      ['stateful + Prism validation', ['--mode', 'stateful', '--validate']],
    ];
    const results: [string, number][] = [];
    for (const [label, extra] of modes) results.push([label, await coldStarts(label, mock(extra))]);
    for (const [label, m] of results) {
      console.log(
        `  ${label.padEnd(30)} ${(m / 1000).toFixed(2)} s  ${m < 1500 ? 'meets' : 'MISSES'} the 1.5 s goal; ×${(m / base).toFixed(1)} the bare server, ×${(m / prismCli).toFixed(2)} the prism CLI`,
      );
    }

    console.log(
      `\nThroughput (${REQUESTS} requests, concurrency ${CONCURRENCY}, 3:1 search:create; server in its own process):`,
    );
    const rps: number[] = [];
    for (const flag of ['--no-validate', '--validate']) {
      const port = nextPort++;
      const [cmd, args] = mock(['--mode', 'stateful', flag])(port);
      rps.push(
        await withServer(cmd, args, port, async () => {
          await throughput(`http://127.0.0.1:${port}`, 't'); // warm-up
          return throughput(`http://127.0.0.1:${port}`, 't');
        }),
      );
    }
    const [plain = 0, validated = 0] = rps;
    console.log(`  emulator, no validation         ${plain.toFixed(0).padStart(7)} req/s  (baseline)`);
    console.log(
      `  emulator + Prism validation     ${validated.toFixed(0).padStart(7)} req/s  (×${(validated / plain).toFixed(2)})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
