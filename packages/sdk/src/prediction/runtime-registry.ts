import { DhuoValidationError } from '../core/errors.js';
import { type ArtifactFormat, sniffArtifactFormat } from './artifact-format.js';
import { mlRandomForestRuntime } from './ml-random-forest-runtime.js';
import type { ModelRuntime } from './model-runtime.js';
import { onnxRuntime } from './onnx-runtime.js';
import { DhuoModelFormatError } from './prediction-errors.js';

/** `type_model` values of Python-only formats (pickles) that cannot run in Node. */
const PYTHON_ONLY_TYPES = new Set([
  'pickle',
  'pkl',
  'joblib',
  'sklearn',
  'scikit-learn',
  'lightgbm',
  'lgbm',
  'xgboost',
  'catboost',
  'statsmodels',
  'pytorch',
  'torch',
  'tensorflow',
  'keras',
]);

/** What to do with a model Node cannot run. */
export const EXPORT_TO_ONNX_HINT =
  "export the model to ONNX (e.g. with skl2onnx or onnxmltools for scikit-learn, LightGBM or XGBoost), register it with type_model 'onnx' and pass type_model 'onnx'; or train it in Node with ml-random-forest and save it with saveMlRandomForestModel (type_model 'ml-random-forest')";

const runtimes = new Map<string, ModelRuntime>();
const aliases = new Map<string, string>();

/**
 * Registers a model runtime under its `name` (and `aliases`), replacing one of the same name.
 * @example registerModelRuntime({ name: 'my-format', detect: (b) => b[0] === 0x4d, load: loadMyModel })
 */
export function registerModelRuntime(runtime: ModelRuntime): void {
  const name = normalize(runtime.name);
  if (!name || /\s/.test(name)) {
    throw new DhuoValidationError(
      'runtime.name',
      "a non-empty word such as 'onnx'",
      JSON.stringify(runtime.name),
    );
  }
  if (typeof runtime.load !== 'function') {
    throw new DhuoValidationError(
      'runtime.load',
      'a function (path) => Promise<LoadedModel>',
      typeof runtime.load,
    );
  }
  runtimes.set(name, runtime);
  for (const alias of runtime.aliases ?? []) aliases.set(normalize(alias), name);
}

/** Removes a runtime registered under `name`; returns whether one was. */
export function unregisterModelRuntime(name: string): boolean {
  const key = normalize(name);
  for (const [alias, target] of aliases) if (target === key) aliases.delete(alias);
  return runtimes.delete(key);
}

/** The runtime registered for a `type_model` (case-insensitive), or `undefined`. */
export function getModelRuntime(typeModel: string): ModelRuntime | undefined {
  const key = normalize(typeModel);
  return runtimes.get(key) ?? runtimes.get(aliases.get(key) ?? '');
}

/** Names of the registered runtimes (the `type_model` values batch prediction accepts). */
export function listModelRuntimes(): string[] {
  return [...runtimes.keys()];
}

function normalize(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Picks the runtime for a `type_model` before anything is downloaded: `undefined` when no
 * `type_model` is given (the artifact's bytes decide); throws for Python-only or unknown types.
 */
export function runtimeForTypeModel(typeModel: string | undefined): ModelRuntime | undefined {
  if (typeModel === undefined || typeModel.trim() === '') return undefined;
  const runtime = getModelRuntime(typeModel);
  if (runtime) return runtime;
  if (PYTHON_ONLY_TYPES.has(normalize(typeModel))) {
    throw new DhuoModelFormatError(
      `type_model '${typeModel}' is a Python model (pickle) that cannot run in Node: ${EXPORT_TO_ONNX_HINT}`,
      typeModel,
      undefined,
    );
  }
  throw new DhuoModelFormatError(
    `type_model '${typeModel}' has no model runtime; use one of ${listModelRuntimes()
      .map((n) => `'${n}'`)
      .join(', ')} or add one with registerModelRuntime()`,
    typeModel,
    undefined,
  );
}

function describe(format: ArtifactFormat): string {
  switch (format) {
    case 'pickle':
      return 'a Python pickle';
    case 'lightgbm-text':
      return 'a LightGBM text model';
    case 'zip':
      return 'a zip archive (e.g. a PyTorch or Keras file)';
    case 'json':
      return 'a JSON document of no registered runtime';
    case 'onnx':
      return 'an ONNX model';
    default:
      return 'of an unknown format';
  }
}

/**
 * Checks the downloaded artifact's first bytes against the chosen runtime (or finds the runtime
 * whose `detect` accepts them), and refuses pickles and unknown formats with what to do.
 */
export function runtimeForArtifact(
  runtime: ModelRuntime | undefined,
  head: Uint8Array,
  typeModel?: string,
): ModelRuntime {
  const format = sniffArtifactFormat(head);
  if (format === 'pickle') {
    throw new DhuoModelFormatError(
      `the model artifact is a Python pickle, which cannot run in Node: ${EXPORT_TO_ONNX_HINT}`,
      typeModel,
      format,
    );
  }
  if (runtime) {
    if (runtime.detect && !runtime.detect(head)) {
      const other = [...runtimes.values()].find((r) => r !== runtime && r.detect?.(head));
      const what = other ? `a '${other.name}' model` : describe(format);
      const fix = other
        ? `pass type_model '${other.name}'`
        : `register a model of that format (${EXPORT_TO_ONNX_HINT})`;
      throw new DhuoModelFormatError(
        `type_model '${typeModel ?? runtime.name}' does not match the model artifact, which is ${what}: ${fix}`,
        typeModel,
        format,
      );
    }
    return runtime;
  }
  const found = [...runtimes.values()].find((r) => r.detect?.(head));
  if (found) return found;
  throw new DhuoModelFormatError(
    `the model artifact is ${describe(format)}, which no model runtime can load: ${EXPORT_TO_ONNX_HINT}, or add a runtime with registerModelRuntime()`,
    typeModel,
    format,
  );
}

registerModelRuntime(onnxRuntime);
registerModelRuntime(mlRandomForestRuntime);
