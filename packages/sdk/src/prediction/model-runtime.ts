/** One prediction: a class label (string or integer) for classifiers, a number for regressors. */
export type Prediction = string | number;

/** What a model predicts: class labels or numbers. */
export type ModelKind = 'classifier' | 'regressor';

/** Feature values for a chunk of rows, in the model's feature order. */
export interface FeatureBatch {
  /** Number of rows in this chunk. */
  readonly rows: number;
  /** The model's input names, in order (one per feature). */
  readonly features: readonly string[];
  /** Row-major values, `rows × features.length`, in the precision the model asked for. */
  readonly values: Float32Array | Float64Array;
  /** One feature as a contiguous array (a copy), for models that take one input per column. */
  column(name: string): Float32Array | Float64Array;
}

/** A chunk's predictions, in row order. */
export interface PredictionChunk {
  /** One prediction per row (a typed array for numeric predictions avoids a copy). */
  readonly predictions: readonly Prediction[] | Float32Array | Float64Array;
  /** Row-major class probabilities, `rows × classes.length`, when asked for and the model gives them. */
  readonly probabilities?: Float32Array | Float64Array;
}

/** Options passed to {@link LoadedModel.predict}. */
export interface PredictOptions {
  /** Also return class probabilities (classifiers only). */
  readonly probabilities: boolean;
}

/** A model loaded into memory by a {@link ModelRuntime}, ready to predict. */
export interface LoadedModel {
  /** Name of the runtime that loaded it (its `type_model`). */
  readonly runtime: string;
  /** Classifier or regressor. */
  readonly kind: ModelKind;
  /**
   * Feature (column) names the model reads, in order. `undefined` when the artifact does not name
   * its features: the DataFrame's columns (or the `features` option) are then used in order.
   */
  readonly inputs?: readonly string[];
  /** Number of features when known (checked against the columns used). */
  readonly featureCount?: number;
  /** Class labels in probability order (classifiers), when known. */
  readonly classes?: readonly Prediction[];
  /** Precision of {@link FeatureBatch.values}; `float64` by default. */
  readonly dtype?: 'float32' | 'float64';
  /** Whether the model accepts NaN (missing values) as input; `false` by default. */
  readonly acceptsMissing?: boolean;
  /** Predicts one chunk of rows. */
  predict(batch: FeatureBatch, options: PredictOptions): Promise<PredictionChunk>;
  /** Frees native resources (sessions); the model is not used afterwards. */
  dispose?(): Promise<void>;
}

/** A way to run one model format, chosen by `type_model` and checked against the artifact's bytes. */
export interface ModelRuntime {
  /** The `type_model` it serves (lower case, e.g. `onnx`). */
  readonly name: string;
  /** Other `type_model` spellings it serves. */
  readonly aliases?: readonly string[];
  /** Whether the artifact's first bytes (up to 64 KiB) are in this runtime's format. */
  detect?(head: Uint8Array): boolean;
  /** Loads the artifact at `path`. */
  load(path: string): Promise<LoadedModel>;
}
