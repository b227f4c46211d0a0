/**
 * Batch prediction throughput and memory: BENCH_ROWS rows (default 1M) × 4 features through
 * `predictionBatchWithDataframe` (the model served by the in-process emulator, downloaded once and
 * cached), against onnxruntime-node `session.run` on the same rows, in the same bench run:
 * - `session.run (bare)`: one run over a prebuilt Float32Array tensor: inference only, no data
 *   conversion, no output conversion (an upper bound nothing that starts from a DataFrame can reach
 *   for tiny models);
 * - `session.run (by hand)`: what a user writes without the SDK: the DataFrame's rows copied into a
 *   Float32Array, one run, the output tensor copied into a JS array.
 * The SDK is fed the rows as a DataFrame (row arrays, as danfojs holds them) and as a column table of
 * Float64Arrays (columnar data).
 * Timings are interleaved in one process; each peak RSS is measured alone in a child process. Ratio = baseline time / SDK
 * time (goal ≥ 0.80). Env: BENCH_ROWS, BENCH_REPEATS (default 7), BENCH_STAT (`median`, or `min` on a loaded machine), BENCH_CHUNK (SDK chunkSize).
 *   node --conditions=source --import tsx --expose-gc bench/prediction/index.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '@dhuolib/mock-server';
import { clearLoadedModels, DhuolibExperimentClient } from '@dhuolib/sdk';
import * as ort from 'onnxruntime-node';
import {
  buildLinearClassifier,
  buildLinearRegressor,
  buildMlpClassifier,
} from '../../packages/sdk/test/prediction/support/onnx-model-builder.js';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
const CLASSES = ['setosa', 'versicolor', 'virginica'];
const CENTERS = [
  [5.0, 3.4, 1.5, 0.25],
  [5.9, 2.8, 4.3, 1.3],
  [6.6, 3.0, 5.6, 2.0],
];
const INTERCEPTS = CENTERS.map((c) => -0.5 * c.reduce((a, v) => a + v * v, 0));

const MODELS: { label: string; build: () => Uint8Array }[] = [
  {
    label: 'linear classifier (ai.onnx.ml LinearClassifier, string labels)',
    build: () => buildLinearClassifier(CENTERS, INTERCEPTS, CLASSES, { features: FEATURES }),
  },
  {
    label: 'MLP classifier (4→64→3, ArgMax → class names)',
    build: () => buildMlpClassifier(FEATURES, 64, CLASSES),
  },
  {
    label: 'linear regressor (MatMul + Add)',
    build: () => buildLinearRegressor([0.2, -0.1, 0.45, 0.3], -0.05, { features: FEATURES }),
  },
];

const PHASES = ['bare', 'by-hand', 'sdk', 'sdk-columns'] as const;
type Phase = (typeof PHASES)[number];

interface Measurement {
  ms: number;
  peakRssKb: number;
  dataRssKb: number;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const peakRss = () => process.resourceUsage().maxRSS;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Deterministic iris-like rows as row arrays: what a danfojs DataFrame holds in `.values`. */
function makeRows(n: number): number[][] {
  let s = 12345;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const rows = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const c = CENTERS[i % 3]!;
    rows[i] = c.map((v) => Math.round((v + rand()) * 10) / 10);
  }
  return rows;
}

function toJsArray(tensor: ort.Tensor): unknown[] {
  const data = tensor.data;
  if (data instanceof BigInt64Array) return Array.from(data, Number);
  return Array.from(data as ArrayLike<unknown>);
}

/** Runs of one model: each path ready to run over the same rows. */
async function prepare(modelIndex: number, data: number[][]) {
  const rows = data.length;
  const bytes = MODELS[modelIndex]!.build();
  const frame = { columns: FEATURES.map((f) => f.toUpperCase()), values: data };
  // The same rows as a column table of Float64Arrays (columnar data, e.g. read straight from a database).
  const columns = Object.fromEntries(
    FEATURES.map((f, j) => [f.toUpperCase(), Float64Array.from(data, (row) => row[j]!)]),
  );

  // The SDK: the model registered at Production in the emulator, downloaded once, then cached.
  const dir = await mkdtemp(join(tmpdir(), 'dhuolib-bench-prediction-'));
  const server = await startMockServer({
    mode: 'stateful',
    port: 0,
    dataDir: join(dir, 'emulator'),
    validate: false,
    token: 'bench-token',
    log: false,
  });
  const client = new DhuolibExperimentClient({
    serviceEndpoint: server.url,
    token: server.token,
    cacheDir: join(dir, 'cache'),
  });
  const file = join(dir, 'model.onnx');
  await writeFile(file, bytes);
  const experiment = await client.createExperiment({ experiment_name: 'bench' });
  const registered = await client.runExperiment({
    type_model: 'onnx',
    experiment_id: experiment.experiment_id,
    modelpkl_path: file,
  });
  await client.createModel({
    modelname: 'bench',
    stage: 'Production',
    run_id: registered.run_id,
    model_uri: registered.model_uri,
  });
  const chunkSize = process.env.BENCH_CHUNK ? Number(process.env.BENCH_CHUNK) : undefined;
  const params = {
    modelname: 'bench',
    experiment_name: 'bench',
    stage: 'Production' as const,
    type_model: 'onnx',
  };

  const session = await ort.InferenceSession.create(bytes);
  const input = session.inputNames[0]!;
  const output = session.outputNames[0]!;
  const width = FEATURES.length;
  const prebuilt = new Float32Array(rows * width);
  for (const [r, row] of data.entries()) prebuilt.set(row, r * width);

  const runs: Record<Phase, () => Promise<unknown>> = {
    bare: () => session.run({ [input]: new ort.Tensor('float32', prebuilt, [rows, width]) }, [output]),
    'by-hand': async () => {
      const flat = new Float32Array(rows * width);
      for (let r = 0; r < rows; r++) {
        const row = data[r]!;
        for (let j = 0; j < width; j++) flat[r * width + j] = row[j]!;
      }
      const result = await session.run({ [input]: new ort.Tensor('float32', flat, [rows, width]) }, [output]);
      return toJsArray(result[output]!);
    },
    sdk: () => client.predictionBatchWithDataframe(params, frame, chunkSize ? { chunkSize } : {}),
    'sdk-columns': () => client.predictionBatchWithDataframe(params, columns, chunkSize ? { chunkSize } : {}),
  };
  const close = async () => {
    await session.release();
    await clearLoadedModels();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { runs, close };
}

/** Times every path of one model, interleaved (so machine load hits them alike); medians in ms. */
async function timeModel(
  modelIndex: number,
  data: number[][],
  repeats: number,
): Promise<Record<Phase, number>> {
  const { runs, close } = await prepare(modelIndex, data);
  try {
    const times: Record<Phase, number[]> = { bare: [], 'by-hand': [], sdk: [], 'sdk-columns': [] };
    for (const phase of PHASES) await runs[phase](); // warm-up (and the SDK's download + session load)
    for (let i = 0; i < repeats; i++) {
      for (const phase of PHASES) {
        gc();
        const t0 = performance.now();
        await runs[phase]();
        times[phase].push(performance.now() - t0);
      }
    }
    const pick = (values: number[]) =>
      process.env.BENCH_STAT === 'min' ? Math.min(...values) : median(values);
    return {
      bare: pick(times.bare),
      'by-hand': pick(times['by-hand']),
      sdk: pick(times.sdk),
      'sdk-columns': pick(times['sdk-columns']),
    };
  } finally {
    await close();
  }
}

/** Peak RSS of one path alone (in a child process): one warm-up and one measured run. */
async function peakOf(phase: Phase, modelIndex: number, rows: number): Promise<Measurement> {
  const data = makeRows(rows);
  gc();
  const dataRssKb = peakRss();
  const { runs, close } = await prepare(modelIndex, data);
  const t0 = performance.now();
  await runs[phase]();
  const ms = performance.now() - t0;
  const peakRssKb = peakRss();
  await close();
  return { ms, peakRssKb, dataRssKb };
}

function child(phase: Phase, modelIndex: number): Measurement {
  const result = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--expose-gc', fileURLToPath(import.meta.url)],
    {
      env: { ...process.env, BENCH_PREDICTION_PHASE: phase, BENCH_PREDICTION_MODEL: String(modelIndex) },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  if (result.status !== 0) throw new Error(`bench child ${phase}/${modelIndex} failed:\n${result.stderr}`);
  const line = result.stdout.trim().split('\n').at(-1)!;
  return JSON.parse(line) as Measurement;
}

export async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const repeats = Number(process.env.BENCH_REPEATS ?? 7);
  const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
  const rate = (ms: number) => `${(rows / (ms / 1000) / 1e6).toFixed(2)}M rows/s`;
  console.log(
    `rows: ${rows.toLocaleString('en')} × ${FEATURES.length} features (row arrays, upper-case columns), ${process.env.BENCH_STAT === 'min' ? 'best' : 'median'} of ${repeats} interleaved runs, chunkSize ${process.env.BENCH_CHUNK ?? 'default'}`,
  );
  console.log(
    '| model | session.run bare | session.run by hand | SDK, row arrays | SDK, column table | SDK rows vs bare | SDK rows vs by hand | SDK columns vs bare | peak RSS bare / by hand / SDK rows / SDK columns (data alone) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const data = makeRows(rows);
  for (const [i, model] of MODELS.entries()) {
    const ms = await timeModel(i, data, repeats);
    const rss = PHASES.map((phase) => child(phase, i));
    const ratio = (base: number, sdk: number) => `${(base / sdk).toFixed(2)}×`;
    console.log(
      `| ${model.label} | ${rate(ms.bare)} | ${rate(ms['by-hand'])} | ${rate(ms.sdk)} | ${rate(ms['sdk-columns'])} | ${ratio(ms.bare, ms.sdk)} | ${ratio(ms['by-hand'], ms.sdk)} | ${ratio(ms.bare, ms['sdk-columns'])} | ${rss.map((m) => mb(m.peakRssKb)).join(' / ')} (${mb(rss[0]!.dataRssKb)}) |`,
    );
  }
  console.log('ratio = baseline time / SDK time: 1.00× = as fast as the baseline; goal ≥ 0.80×');
}

const phase = process.env.BENCH_PREDICTION_PHASE as Phase | undefined;
if (phase) {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  peakOf(phase, Number(process.env.BENCH_PREDICTION_MODEL), rows).then(
    (m) => console.log(JSON.stringify(m)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
} else if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
