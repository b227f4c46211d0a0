import { readFile } from 'node:fs/promises';
import type * as Ort from 'onnxruntime-node';
import { looksLikeOnnx } from './artifact-format.js';
import type {
  FeatureBatch,
  LoadedModel,
  ModelRuntime,
  Prediction,
  PredictionChunk,
  PredictOptions,
} from './model-runtime.js';
import { type OnnxModelMetadata, parseNameList, readOnnxModelMetadata } from './onnx-model-metadata.js';
import { importOptional } from './optional-import.js';
import { DhuoModelFormatError } from './prediction-errors.js';

type OrtModule = typeof Ort;
type TensorMetadata = Ort.InferenceSession.TensorValueMetadata;

let ortModule: Promise<OrtModule> | undefined;

/** Loads onnxruntime-node on first use (an optional peer dependency). */
export function loadOnnxRuntime(): Promise<OrtModule> {
  ortModule ??= importOptional(
    'onnxruntime-node',
    'Running an ONNX model',
    () => import('onnxruntime-node'),
  ).then((mod) => (mod.InferenceSession ? mod : (mod as unknown as { default: OrtModule }).default));
  ortModule.catch(() => {
    ortModule = undefined;
  });
  return ortModule;
}

function formatError(message: string, detected = 'onnx'): DhuoModelFormatError {
  return new DhuoModelFormatError(message, 'onnx', detected);
}

const FLOAT_TYPES = new Set(['float32', 'float64']);

function isTensor(meta: Ort.InferenceSession.ValueMetadata): meta is TensorMetadata {
  return meta.isTensor;
}

interface InputPlan {
  /** One 2-D `[N, F]` tensor, or one `[N, 1]` / `[N]` tensor per feature. */
  layout: 'matrix' | 'columns';
  inputs?: string[];
  featureCount?: number;
  dtype: 'float32' | 'float64';
  tensors: TensorMetadata[];
}

function planInputs(session: Ort.InferenceSession, metadata: OnnxModelMetadata): InputPlan {
  const all = session.inputMetadata;
  const nonTensor = all.find((m) => !isTensor(m));
  if (nonTensor)
    throw formatError(`ONNX input '${nonTensor.name}' is not a tensor; batch prediction feeds tensors`);
  const tensors = all.filter(isTensor);
  for (const t of tensors) {
    if (!FLOAT_TYPES.has(t.type)) {
      throw formatError(
        `ONNX input '${t.name}' is of type ${t.type}; batch prediction feeds float or double inputs (re-export the model with FloatTensorType/DoubleTensorType inputs)`,
      );
    }
  }
  const featureNames = parseNameList(metadata.props.feature_names ?? metadata.props.features);
  const [only] = tensors;
  // One input of rank 2, or of unknown rank, takes the whole feature matrix.
  if (tensors.length === 1 && only && (only.shape.length === 2 || only.shape.length === 0)) {
    const width = only.shape.length === 2 ? only.shape[1] : undefined;
    const featureCount = typeof width === 'number' && width > 0 ? width : featureNames?.length;
    if (featureNames && featureCount !== undefined && featureNames.length !== featureCount) {
      throw formatError(
        `ONNX metadata feature_names lists ${featureNames.length} names but input '${only.name}' takes ${featureCount} features`,
      );
    }
    return {
      layout: 'matrix',
      ...(featureNames ? { inputs: featureNames } : {}),
      ...(featureCount !== undefined ? { featureCount } : {}),
      dtype: only.type === 'float64' ? 'float64' : 'float32',
      tensors,
    };
  }
  for (const t of tensors) {
    const width = t.shape.length === 2 ? t.shape[1] : 1;
    if (t.shape.length > 2 || (typeof width === 'number' && width !== 1)) {
      throw formatError(
        `ONNX model has ${tensors.length} inputs and input '${t.name}' has shape [${t.shape.join(', ')}]; batch prediction feeds either one [N, features] input or one [N, 1] input per column`,
      );
    }
  }
  return {
    layout: 'columns',
    inputs: tensors.map((t) => t.name),
    featureCount: tensors.length,
    dtype: tensors.some((t) => t.type === 'float64') ? 'float64' : 'float32',
    tensors,
  };
}

interface OutputPlan {
  kind: 'classifier' | 'regressor';
  prediction: TensorMetadata;
  probabilities?: TensorMetadata;
  /** Why probabilities cannot be fetched, when they cannot. */
  probabilitiesProblem?: string;
  /** Class names to map integer labels (class indices) to, from metadata_props. */
  indexToClass?: readonly string[];
  classes?: readonly Prediction[];
}

function planOutputs(session: Ort.InferenceSession, metadata: OnnxModelMetadata): OutputPlan {
  const outputs = session.outputMetadata;
  const tensors = outputs.filter(isTensor);
  const label =
    tensors.find((t) => /^(output_)?label$/i.test(t.name)) ?? tensors.find((t) => /label/i.test(t.name));
  if (!label) {
    const prediction =
      tensors.find((t) => /^(variable|predictions?|output)$/i.test(t.name)) ??
      tensors.find((t) => FLOAT_TYPES.has(t.type));
    if (!prediction) throw formatError('ONNX model has no numeric tensor output to read predictions from');
    const width = prediction.shape.length === 2 ? prediction.shape[1] : 1;
    if (prediction.shape.length > 2 || (typeof width === 'number' && width !== 1)) {
      throw formatError(
        `ONNX output '${prediction.name}' has shape [${prediction.shape.join(', ')}]; batch prediction reads one value per row`,
      );
    }
    return { kind: 'regressor', prediction };
  }
  const probabilities = tensors.find(
    (t) => t !== label && /prob|score/i.test(t.name) && t.shape.length === 2,
  );
  const zipMap = outputs.find((o) => !o.isTensor && /prob|score/i.test(o.name));
  const propClasses = parseNameList(metadata.props.classes ?? metadata.props.labels);
  const classes: readonly Prediction[] | undefined = metadata.classLabels ?? propClasses;
  const plan: OutputPlan = { kind: 'classifier', prediction: label };
  if (classes) plan.classes = classes;
  if (probabilities) plan.probabilities = probabilities;
  else {
    plan.probabilitiesProblem = zipMap
      ? `ONNX output '${zipMap.name}' is a ZipMap (a sequence of maps), which onnxruntime-node cannot return: re-export the classifier without ZipMap (skl2onnx: options={'zipmap': False})`
      : 'the ONNX model has no probabilities output';
  }
  // Integer labels are class indices when only metadata_props names the classes (e.g. an ArgMax head).
  if (!metadata.classLabels && propClasses && label.type !== 'string') plan.indexToClass = propClasses;
  return plan;
}

/** Most distinct string labels kept for sharing. */
const MAX_SHARED_LABELS = 4096;

function toPredictions(
  tensor: Ort.Tensor,
  indexToClass: readonly string[] | undefined,
  shared: Map<string, string>,
): Prediction[] {
  const data = tensor.data;
  const n = data.length;
  const out = new Array<Prediction>(n);
  if (Array.isArray(data)) {
    // onnxruntime-node makes a new string per row: keep one instance per label, so a million
    // predictions hold a handful of strings and the per-row copies die young (cheap to collect).
    for (let i = 0; i < n; i++) {
      const label = data[i] as string;
      let same = shared.get(label);
      if (same === undefined) {
        same = label;
        if (shared.size < MAX_SHARED_LABELS) shared.set(label, label);
      }
      out[i] = same;
    }
  } else if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    // Labels are small integers: read each int64 as its two 32-bit halves (little-endian) instead of
    // going through BigInt, falling back to BigInt for values beyond ±2^31.
    const words = new Int32Array(data.buffer, data.byteOffset, n * 2);
    for (let i = 0; i < n; i++) {
      const low = words[2 * i]!;
      const high = words[2 * i + 1]!;
      const v = (high === 0 && low >= 0) || (high === -1 && low < 0) ? low : Number(data[i]!);
      out[i] = indexToClass ? (indexToClass[v] ?? v) : v;
    }
  } else {
    const numbers = data as Float32Array;
    for (let i = 0; i < n; i++) {
      const v = numbers[i]!;
      out[i] = indexToClass ? (indexToClass[v] ?? v) : v;
    }
  }
  return out;
}

/** A regressor's values: the output tensor's own typed array (no copy). */
function toValues(tensor: Ort.Tensor): Float32Array | Float64Array {
  const data = tensor.data;
  if (data instanceof Float32Array || data instanceof Float64Array) return data;
  return Float64Array.from(data as ArrayLike<number>, Number);
}

/** A loaded ONNX model (one onnxruntime-node InferenceSession). */
class OnnxModel implements LoadedModel {
  readonly runtime = 'onnx';
  readonly kind: 'classifier' | 'regressor';
  readonly inputs?: readonly string[];
  readonly featureCount?: number;
  readonly classes?: readonly Prediction[];
  readonly dtype: 'float32' | 'float64';
  readonly acceptsMissing = false;
  /** One instance of each string label seen. */
  private readonly labels = new Map<string, string>();

  constructor(
    private readonly ort: OrtModule,
    readonly session: Ort.InferenceSession,
    private readonly inputPlan: InputPlan,
    private readonly outputPlan: OutputPlan,
  ) {
    this.kind = outputPlan.kind;
    this.dtype = inputPlan.dtype;
    if (inputPlan.inputs) this.inputs = inputPlan.inputs;
    if (inputPlan.featureCount !== undefined) this.featureCount = inputPlan.featureCount;
    if (outputPlan.classes) this.classes = outputPlan.classes;
  }

  async predict(batch: FeatureBatch, options: PredictOptions): Promise<PredictionChunk> {
    const { ort, inputPlan, outputPlan } = this;
    const feeds: Record<string, Ort.Tensor> = {};
    if (inputPlan.layout === 'matrix') {
      const meta = inputPlan.tensors[0]!;
      feeds[meta.name] = new ort.Tensor(meta.type as 'float32', batch.values, [
        batch.rows,
        batch.features.length,
      ]);
    } else {
      inputPlan.tensors.forEach((meta, i) => {
        // `column` is already a fresh copy; convert it only when the input's precision differs.
        const column = batch.column(batch.features[i]!);
        const Precision = meta.type === 'float64' ? Float64Array : Float32Array;
        const data = column instanceof Precision ? column : Precision.from(column);
        feeds[meta.name] = new ort.Tensor(
          meta.type as 'float32',
          data,
          meta.shape.length === 2 ? [batch.rows, 1] : [batch.rows],
        );
      });
    }
    const fetches = [outputPlan.prediction.name];
    if (options.probabilities) {
      if (outputPlan.kind !== 'classifier') {
        throw formatError(
          'probabilities were asked for, but the ONNX model is a regressor (it has no label output)',
        );
      }
      if (!outputPlan.probabilities)
        throw formatError(`probabilities were asked for, but ${outputPlan.probabilitiesProblem}`);
      fetches.push(outputPlan.probabilities.name);
    }
    const result = await this.session.run(feeds, fetches);
    const output = result[outputPlan.prediction.name]!;
    const predictions =
      outputPlan.kind === 'regressor'
        ? toValues(output)
        : toPredictions(output, outputPlan.indexToClass, this.labels);
    if (predictions.length !== batch.rows) {
      throw formatError(
        `ONNX output '${outputPlan.prediction.name}' gave ${predictions.length} values for ${batch.rows} rows`,
      );
    }
    if (!options.probabilities) return { predictions };
    const probabilities = result[outputPlan.probabilities!.name]!.data as Float32Array | Float64Array;
    return { predictions, probabilities };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** Loads an ONNX model file with onnxruntime-node. */
async function loadOnnxModel(path: string): Promise<LoadedModel> {
  const ort = await loadOnnxRuntime();
  const bytes = await readFile(path);
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes);
  } catch (error) {
    throw formatError(`onnxruntime-node cannot load the ONNX model: ${(error as Error).message}`);
  }
  let metadata: OnnxModelMetadata;
  try {
    metadata = readOnnxModelMetadata(bytes);
  } catch {
    metadata = { props: {} };
  }
  try {
    return new OnnxModel(ort, session, planInputs(session, metadata), planOutputs(session, metadata));
  } catch (error) {
    await session.release();
    throw error;
  }
}

/** Runs ONNX models (`type_model: 'onnx'`) with onnxruntime-node, an optional peer dependency. */
export const onnxRuntime: ModelRuntime = {
  name: 'onnx',
  aliases: ['onnxruntime'],
  detect: looksLikeOnnx,
  load: loadOnnxModel,
};
