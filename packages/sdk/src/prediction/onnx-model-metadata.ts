/**
 * Reads what onnxruntime-node does not expose from an ONNX file: `metadata_props` (e.g.
 * `feature_names`, `classes`) and the class labels of an ai.onnx.ml classifier node. A minimal
 * protobuf walk over ModelProto → GraphProto → NodeProto → AttributeProto; the graph's weights are skipped.
 */

/** Metadata of an ONNX model beyond its input and output signatures. */
export interface OnnxModelMetadata {
  /** `metadata_props` key → value. */
  readonly props: Readonly<Record<string, string>>;
  /** Class labels of the first ai.onnx.ml `*Classifier` node (`classlabels_strings` / `classlabels_int64s`). */
  readonly classLabels?: readonly (string | number)[];
}

type FieldVisitor = (field: number, wire: number, value: bigint, start: number, end: number) => void;

function varint(bytes: Uint8Array, offset: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = offset; i < bytes.length; i++) {
    const b = bytes[i]!;
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) return [result, i + 1];
  }
  throw new RangeError('truncated protobuf varint');
}

function walk(bytes: Uint8Array, start: number, end: number, visit: FieldVisitor): void {
  let offset = start;
  while (offset < end) {
    const [tag, afterTag] = varint(bytes, offset);
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      const [value, next] = varint(bytes, afterTag);
      visit(field, wire, value, afterTag, next);
      offset = next;
    } else if (wire === 2) {
      const [length, bodyStart] = varint(bytes, afterTag);
      const bodyEnd = bodyStart + Number(length);
      if (bodyEnd > end) throw new RangeError('truncated protobuf field');
      visit(field, wire, length, bodyStart, bodyEnd);
      offset = bodyEnd;
    } else if (wire === 1) {
      offset = afterTag + 8;
    } else if (wire === 5) {
      offset = afterTag + 4;
    } else {
      throw new RangeError(`unsupported protobuf wire type ${wire}`);
    }
  }
}

const utf8 = new TextDecoder();

function toSigned(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

function readAttribute(bytes: Uint8Array, start: number, end: number) {
  let name = '';
  const strings: string[] = [];
  const ints: number[] = [];
  walk(bytes, start, end, (field, wire, value, s, e) => {
    if (field === 1 && wire === 2) name = utf8.decode(bytes.subarray(s, e));
    else if (field === 9 && wire === 2) strings.push(utf8.decode(bytes.subarray(s, e)));
    else if (field === 8 && wire === 0) ints.push(toSigned(value));
    else if (field === 8 && wire === 2) {
      walk(bytes, s, e, (_f, _w, v) => ints.push(toSigned(v)));
    }
  });
  return { name, strings, ints };
}

function readClassLabels(bytes: Uint8Array, start: number, end: number): (string | number)[] | undefined {
  let opType = '';
  let labels: (string | number)[] | undefined;
  walk(bytes, start, end, (field, wire, _value, s, e) => {
    if (field === 4 && wire === 2) opType = utf8.decode(bytes.subarray(s, e));
    else if (field === 5 && wire === 2) {
      const attr = readAttribute(bytes, s, e);
      if (attr.name === 'classlabels_strings' && attr.strings.length > 0) labels = attr.strings;
      else if (
        (attr.name === 'classlabels_int64s' || attr.name === 'classlabels_ints') &&
        attr.ints.length > 0
      )
        labels = attr.ints;
    }
  });
  return opType.endsWith('Classifier') ? labels : undefined;
}

/** Reads `metadata_props` and classifier class labels from an ONNX model's bytes. */
export function readOnnxModelMetadata(bytes: Uint8Array): OnnxModelMetadata {
  const props: Record<string, string> = {};
  let classLabels: (string | number)[] | undefined;
  walk(bytes, 0, bytes.length, (field, wire, _value, start, end) => {
    if (field === 14 && wire === 2) {
      let key = '';
      let value = '';
      walk(bytes, start, end, (f, w, _v, s, e) => {
        if (f === 1 && w === 2) key = utf8.decode(bytes.subarray(s, e));
        else if (f === 2 && w === 2) value = utf8.decode(bytes.subarray(s, e));
      });
      props[key] = value;
    } else if (field === 7 && wire === 2 && classLabels === undefined) {
      walk(bytes, start, end, (f, w, _v, s, e) => {
        if (f === 1 && w === 2 && classLabels === undefined) classLabels = readClassLabels(bytes, s, e);
      });
    }
  });
  return classLabels ? { props, classLabels } : { props };
}

/** Parses a list written as JSON (`["a","b"]`) or comma separated (`a,b`); `undefined` when empty. */
export function parseNameList(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map((v) => String(v));
    } catch {
      // not JSON: fall back to comma separated
    }
  }
  return text.split(',').map((s) => s.trim());
}
