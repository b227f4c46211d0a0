// bench/sdk: the SDK's overhead and memory, against a raw baseline measured in the same run.
//   1. calls/s through DhuolibExperimentClient.health() vs. a raw fetch loop (goal ≥ 0.9×)
//   2. peak RSS while uploading a 1 GiB file, chunked and as one streamed multipart body (goal < 150 MB)
// Env: BENCH_CALLS (default 3000), BENCH_UPLOAD_MB (default 1024), BENCH_ROUNDS (default 3).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DhuolibExperimentClient } from '@dhuolib/sdk';

const here = dirname(fileURLToPath(import.meta.url));
const token = 'bench-token';
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { url, child };
}

/** Milliseconds taken by `calls` sequential calls. */
async function timeCalls(calls: number, call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await call();
  return performance.now() - started;
}

/** Samples RSS every 10 ms while `work` runs; returns the peak. */
async function peakRss(work: () => Promise<unknown>): Promise<{ peak: number; before: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { peak: Math.max(peak, process.memoryUsage.rss()), before };
}

export async function main(): Promise<void> {
  const calls = Number(process.env.BENCH_CALLS ?? 3000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const uploadMb = Number(process.env.BENCH_UPLOAD_MB ?? 1024);
  const { url, child } = await startServer();
  const dir = await mkdtemp(join(tmpdir(), 'dhuo-bench-'));
  try {
    const client = new DhuolibExperimentClient({ serviceEndpoint: url, token, cacheDir: join(dir, 'cache') });

    // Memory first, so the peak is the upload's and not the throughput phase's garbage.
    const file = join(dir, 'model.bin');
    const handle = await open(file, 'w');
    await handle.truncate(uploadMb * 1024 * 1024); // sparse: no disk blocks, reads as zeros
    await handle.close();
    let progressCalls = 0;
    const chunked = await peakRss(() =>
      client.executeRunForExperiment(
        { type_model: 'onnx', experiment_name: 'bench', modelpkl_path: file },
        {
          onProgress: () => {
            progressCalls += 1;
          },
        },
      ),
    );
    const streamed = await peakRss(() =>
      client.runExperiment({ type_model: 'onnx', experiment_id: '1', modelpkl_path: file }),
    );
    console.log(
      `upload ${uploadMb} MiB chunked (10 MB chunks, ${progressCalls} progress events): peak RSS ${mb(chunked.peak)} MB (before ${mb(chunked.before)} MB) — goal < 150 MB: ${chunked.peak < 150 * 1024 * 1024 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `upload ${uploadMb} MiB as one streamed multipart body: peak RSS ${mb(streamed.peak)} MB (before ${mb(streamed.before)} MB) — goal < 150 MB: ${streamed.peak < 150 * 1024 * 1024 ? 'met' : 'NOT met'}`,
    );

    const healthUrl = `${url}/api/health`;
    const rawCall = async () => {
      const response = await fetch(healthUrl, { headers: { 'X-Dhuo-Access-Key': token } });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return response.json();
    };
    const sdkCall = () => client.health();
    await timeCalls(500, rawCall);
    await timeCalls(500, sdkCall);
    // Interleaved batches, alternating which goes first, so background load hits both alike; the
    // ratio is the median of the per-round ratios (robust to a noisy neighbour on a shared machine).
    const batch = 100;
    const roundsTotal = rounds * Math.ceil(calls / batch);
    let rawMs = 0;
    let sdkMs = 0;
    const ratios: number[] = [];
    let rawCpu = 0;
    let sdkCpu = 0;
    let rawBest = Number.POSITIVE_INFINITY;
    let sdkBest = Number.POSITIVE_INFINITY;
    for (let round = 0; round < roundsTotal; round++) {
      const order = round % 2 === 0 ? ['raw', 'sdk'] : ['sdk', 'raw'];
      let r = 0;
      let k = 0;
      for (const which of order) {
        const cpu = process.cpuUsage();
        const ms = await timeCalls(batch, which === 'raw' ? rawCall : sdkCall);
        const used = process.cpuUsage(cpu);
        if (which === 'raw') {
          rawBest = Math.min(rawBest, ms);
          r = ms;
          rawMs += ms;
          rawCpu += used.user + used.system;
        } else {
          sdkBest = Math.min(sdkBest, ms);
          k = ms;
          sdkMs += ms;
          sdkCpu += used.user + used.system;
        }
      }
      ratios.push(r / k);
    }
    const total = roundsTotal * batch;
    const rawRate = total / (rawMs / 1000);
    const sdkRate = total / (sdkMs / 1000);
    ratios.sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)] as number;
    console.log(
      `calls/s (sequential GET /api/health, ${total} calls each, ${roundsTotal} interleaved rounds of ${batch}): raw fetch ${rawRate.toFixed(0)}, DhuolibExperimentClient ${sdkRate.toFixed(0)}; median per-round ratio ${ratio.toFixed(2)}× (goal ≥ 0.9×: ${ratio >= 0.9 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `best batch of ${batch} (least disturbed by other load): raw fetch ${((batch / rawBest) * 1000).toFixed(0)}/s, DhuolibExperimentClient ${((batch / sdkBest) * 1000).toFixed(0)}/s → ratio ${(rawBest / sdkBest).toFixed(2)}×`,
    );
    console.log(
      `client CPU per call: raw fetch ${(rawCpu / total).toFixed(0)} µs, DhuolibExperimentClient ${(sdkCpu / total).toFixed(0)} µs (SDK overhead ${((sdkCpu - rawCpu) / total).toFixed(0)} µs/call)`,
    );
  } finally {
    child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
