/**
 * Builds small real ONNX models for tests and benchmarks (no Python, no skl2onnx): the minimal
 * subset of onnx.proto, encoded with protobufjs. The models load and run in onnxruntime-node.
 */
import protobuf from 'protobufjs';

// Field numbers are those of onnx/onnx.proto (IR version 8); only the fields we write are declared.
const ONNX_PROTO_SUBSET = `
syntax = "proto2";
package onnx;
message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; FLOATS = 6; INTS = 7; STRINGS = 8; }
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  optional AttributeType type = 20;
}
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string domain = 7;
}
message StringStringEntryProto { optional string key = 1; optional string value = 2; }
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  repeated double double_data = 10 [packed = true];
}
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
  message Sequence { optional TypeProto elem_type = 1; }
  message Map { optional int32 key_type = 1; optional TypeProto value_type = 2; }
  oneof value { Tensor tensor_type = 1; Sequence sequence_type = 4; Map map_type = 5; }
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional int64 model_version = 5;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
`;

const ModelProto = protobuf.parse(ONNX_PROTO_SUBSET).root.lookupType('onnx.ModelProto');

/** ONNX TensorProto.DataType values used here. */
export const ELEM = { FLOAT: 1, INT64: 7, STRING: 8, DOUBLE: 11 } as const;

type Dim = number | string;
type AttrValue = number | string | number[] | string[] | { ints: number[] } | { floats: number[] };

function valueInfo(name: string, elemType: number, shape: Dim[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttrValue) {
  const enc = new TextEncoder();
  if (typeof value === 'number') return { name, type: 2, i: value };
  if (typeof value === 'string') return { name, type: 3, s: enc.encode(value) };
  if (Array.isArray(value)) {
    if (value.length > 0 && typeof value[0] === 'string') {
      return { name, type: 8, strings: (value as string[]).map((s) => enc.encode(s)) };
    }
    return { name, type: 6, floats: value as number[] };
  }
  if ('ints' in value) return { name, type: 7, ints: value.ints };
  return { name, type: 6, floats: value.floats };
}

function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue> = {},
  domain = '',
) {
  return {
    opType,
    input: inputs,
    output: outputs,
    name: `${opType}_${outputs[0]}`,
    domain,
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  };
}

function floatTensor(name: string, dims: number[], values: number[]) {
  return { name, dims, dataType: ELEM.FLOAT, floatData: values };
}

function doubleTensor(name: string, dims: number[], values: number[]) {
  return { name, dims, dataType: ELEM.DOUBLE, doubleData: values };
}

/** `seq(map(int64, float))`: what skl2onnx's ZipMap outputs for integer class labels. */
function zipMapInfo(name: string) {
  return {
    name,
    type: {
      sequenceType: {
        elemType: { mapType: { keyType: ELEM.INT64, valueType: { tensorType: { elemType: ELEM.FLOAT } } } },
      },
    },
  };
}

interface ModelSpec {
  nodes: ReturnType<typeof node>[];
  initializers?: (ReturnType<typeof floatTensor> | ReturnType<typeof doubleTensor>)[];
  inputs: ReturnType<typeof valueInfo>[];
  outputs: (ReturnType<typeof valueInfo> | ReturnType<typeof zipMapInfo>)[];
  metadata?: Record<string, string>;
  ml?: boolean;
}

function encodeModel(spec: ModelSpec): Uint8Array {
  const opsetImport: { domain: string; version: number }[] = [{ domain: '', version: 13 }];
  if (spec.ml) opsetImport.push({ domain: 'ai.onnx.ml', version: 1 });
  const message = ModelProto.fromObject({
    irVersion: 8,
    producerName: 'dhuolib-test-builder',
    producerVersion: '1',
    modelVersion: 1,
    graph: {
      name: 'g',
      node: spec.nodes,
      initializer: spec.initializers ?? [],
      input: spec.inputs,
      output: spec.outputs,
    },
    opsetImport,
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return ModelProto.encode(message).finish();
}

/** Options shared by the builders: feature names go to `metadata_props.feature_names` unless omitted. */
export interface BuildOptions {
  /** Feature names written as metadata (comma separated); `null` writes none. */
  features?: readonly string[] | null;
  /** Name of the single 2-D float input. */
  inputName?: string;
}

/** Linear regressor y = X·w + b: input `[N, F]` float, output `variable` `[N, 1]` float (MatMul + Add). */
export function buildLinearRegressor(weights: readonly number[], bias: number, options: BuildOptions = {}) {
  const f = weights.length;
  const input = options.inputName ?? 'float_input';
  return encodeModel({
    nodes: [node('MatMul', [input, 'W'], ['mm']), node('Add', ['mm', 'B'], ['variable'])],
    initializers: [floatTensor('W', [f, 1], [...weights]), floatTensor('B', [1], [bias])],
    inputs: [valueInfo(input, ELEM.FLOAT, ['N', f])],
    outputs: [valueInfo('variable', ELEM.FLOAT, ['N', 1])],
    metadata: options.features === null ? {} : { feature_names: (options.features ?? []).join(',') },
  });
}

/**
 * Linear classifier as skl2onnx exports a LogisticRegression with `zipmap: False`: ai.onnx.ml
 * LinearClassifier with SOFTMAX, outputs `label` (string `[N]`) and `probabilities` (float `[N, C]`).
 */
export function buildLinearClassifier(
  coefficients: readonly (readonly number[])[],
  intercepts: readonly number[],
  classes: readonly string[],
  options: BuildOptions = {},
) {
  const f = coefficients[0]?.length ?? 0;
  const input = options.inputName ?? 'float_input';
  return encodeModel({
    ml: true,
    nodes: [
      node(
        'LinearClassifier',
        [input],
        ['label', 'probabilities'],
        {
          coefficients: { floats: coefficients.flat() },
          intercepts: { floats: [...intercepts] },
          classlabels_strings: [...classes],
          multi_class: 1,
          post_transform: 'SOFTMAX',
        },
        'ai.onnx.ml',
      ),
    ],
    inputs: [valueInfo(input, ELEM.FLOAT, ['N', f])],
    outputs: [
      valueInfo('label', ELEM.STRING, ['N']),
      valueInfo('probabilities', ELEM.FLOAT, ['N', classes.length]),
    ],
    metadata: options.features === null ? {} : { feature_names: (options.features ?? []).join(',') },
  });
}

/**
 * Classifier with integer labels: MatMul + Add → Softmax (`probabilities`) and ArgMax (`label`, int64 `[N]`),
 * class names in `metadata_props.classes` when given.
 */
export function buildArgMaxClassifier(
  weights: readonly (readonly number[])[],
  bias: readonly number[],
  options: BuildOptions & { classes?: readonly string[] } = {},
) {
  const f = weights.length;
  const c = bias.length;
  const input = options.inputName ?? 'float_input';
  const metadata: Record<string, string> = {};
  if (options.features) metadata.feature_names = options.features.join(',');
  if (options.classes) metadata.classes = JSON.stringify(options.classes);
  return encodeModel({
    nodes: [
      node('MatMul', [input, 'W'], ['mm']),
      node('Add', ['mm', 'B'], ['logits']),
      node('Softmax', ['logits'], ['probabilities'], { axis: 1 }),
      node('ArgMax', ['logits'], ['label'], { axis: 1, keepdims: 0 }),
    ],
    initializers: [floatTensor('W', [f, c], weights.flat()), floatTensor('B', [c], [...bias])],
    inputs: [valueInfo(input, ELEM.FLOAT, ['N', f])],
    outputs: [valueInfo('label', ELEM.INT64, ['N']), valueInfo('probabilities', ELEM.FLOAT, ['N', c])],
    metadata,
  });
}

/** Regressor with one `[N, 1]` float input per column (Concat → MatMul + Add), as some exporters produce. */
export function buildPerColumnRegressor(
  columns: readonly string[],
  weights: readonly number[],
  bias: number,
) {
  const f = columns.length;
  return encodeModel({
    nodes: [
      node('Concat', [...columns], ['x'], { axis: 1 }),
      node('MatMul', ['x', 'W'], ['mm']),
      node('Add', ['mm', 'B'], ['variable']),
    ],
    initializers: [floatTensor('W', [f, 1], [...weights]), floatTensor('B', [1], [bias])],
    inputs: columns.map((c) => valueInfo(c, ELEM.FLOAT, ['N', 1])),
    outputs: [valueInfo('variable', ELEM.FLOAT, ['N', 1])],
  });
}

/** Multi-layer perceptron classifier (F → hidden → C, ReLU) with deterministic pseudo-random weights. */
export function buildMlpClassifier(features: readonly string[], hidden: number, classes: readonly string[]) {
  const f = features.length;
  const c = classes.length;
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  };
  const w1 = Array.from({ length: f * hidden }, rand);
  const b1 = Array.from({ length: hidden }, rand);
  const w2 = Array.from({ length: hidden * c }, rand);
  const b2 = Array.from({ length: c }, rand);
  return encodeModel({
    nodes: [
      node('MatMul', ['float_input', 'W1'], ['h0']),
      node('Add', ['h0', 'B1'], ['h1']),
      node('Relu', ['h1'], ['h2']),
      node('MatMul', ['h2', 'W2'], ['o0']),
      node('Add', ['o0', 'B2'], ['logits']),
      node('Softmax', ['logits'], ['probabilities'], { axis: 1 }),
      node('ArgMax', ['logits'], ['label'], { axis: 1, keepdims: 0 }),
    ],
    initializers: [
      floatTensor('W1', [f, hidden], w1),
      floatTensor('B1', [hidden], b1),
      floatTensor('W2', [hidden, c], w2),
      floatTensor('B2', [c], b2),
    ],
    inputs: [valueInfo('float_input', ELEM.FLOAT, ['N', f])],
    outputs: [valueInfo('label', ELEM.INT64, ['N']), valueInfo('probabilities', ELEM.FLOAT, ['N', c])],
    metadata: { feature_names: features.join(','), classes: JSON.stringify(classes) },
  });
}

/** Linear regressor on double inputs (`DoubleTensorType`): input `[N, F]` double, output `variable` `[N, 1]` double. */
export function buildDoubleRegressor(weights: readonly number[], bias: number, features: readonly string[]) {
  const f = weights.length;
  return encodeModel({
    nodes: [node('MatMul', ['double_input', 'W'], ['mm']), node('Add', ['mm', 'B'], ['variable'])],
    initializers: [doubleTensor('W', [f, 1], [...weights]), doubleTensor('B', [1], [bias])],
    inputs: [valueInfo('double_input', ELEM.DOUBLE, ['N', f])],
    outputs: [valueInfo('variable', ELEM.DOUBLE, ['N', 1])],
    metadata: { feature_names: features.join(',') },
  });
}

/**
 * What skl2onnx exports for a classifier by default: LinearClassifier with integer class labels
 * (`classlabels_int64s`) → `output_label` int64 `[N]`, and the scores through ZipMap →
 * `output_probability` as a sequence of maps (which onnxruntime-node cannot return).
 */
export function buildZipMapClassifier(
  coefficients: readonly (readonly number[])[],
  intercepts: readonly number[],
  classes: readonly number[],
) {
  const f = coefficients[0]?.length ?? 0;
  return encodeModel({
    ml: true,
    nodes: [
      node(
        'LinearClassifier',
        ['float_input'],
        ['output_label', 'scores'],
        {
          coefficients: { floats: coefficients.flat() },
          intercepts: { floats: [...intercepts] },
          classlabels_ints: { ints: [...classes] },
          multi_class: 1,
          post_transform: 'SOFTMAX',
        },
        'ai.onnx.ml',
      ),
      node(
        'ZipMap',
        ['scores'],
        ['output_probability'],
        { classlabels_int64s: { ints: [...classes] } },
        'ai.onnx.ml',
      ),
    ],
    inputs: [valueInfo('float_input', ELEM.FLOAT, ['N', f])],
    outputs: [valueInfo('output_label', ELEM.INT64, ['N']), zipMapInfo('output_probability')],
  });
}
