/** A model artifact's format as told by its first bytes. */
export type ArtifactFormat = 'onnx' | 'pickle' | 'json' | 'lightgbm-text' | 'zip' | 'unknown';

/** How many leading bytes {@link sniffArtifactFormat} and runtime `detect` functions look at. */
export const ARTIFACT_HEAD_BYTES = 64 * 1024;

// ModelProto's top-level fields and their protobuf wire types (0 varint, 2 length-delimited).
const ONNX_MODEL_FIELDS = new Map<number, number>([
  [1, 0], // ir_version
  [2, 2], // producer_name
  [3, 2], // producer_version
  [4, 2], // domain
  [5, 0], // model_version
  [6, 2], // doc_string
  [7, 2], // graph
  [8, 2], // opset_import
  [14, 2], // metadata_props
  [20, 2], // training_info
  [25, 2], // functions
  [26, 2], // configuration
]);

function readVarint(bytes: Uint8Array, offset: number): [value: number, next: number] | undefined {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  return undefined;
}

/**
 * Whether the bytes look like an ONNX ModelProto: it starts with `ir_version` (tag 0x08, a small
 * number), and every top-level field seen in the head is a ModelProto field of the right wire type.
 */
export function looksLikeOnnx(head: Uint8Array): boolean {
  if (head[0] !== 0x08) return false;
  const ir = readVarint(head, 1);
  if (!ir || ir[0] < 1 || ir[0] > 100) return false;
  let offset = ir[1];
  for (let fields = 0; offset < head.length && fields < 32; fields++) {
    const tag = readVarint(head, offset);
    if (!tag) return true; // truncated head: what we saw was valid
    const field = Math.floor(tag[0] / 8);
    const wire = tag[0] & 7;
    if (ONNX_MODEL_FIELDS.get(field) !== wire) return false;
    const body = readVarint(head, tag[1]);
    if (!body) return true;
    offset = wire === 0 ? body[1] : body[1] + body[0];
  }
  return true;
}

/** Whether the bytes look like a Python pickle (what `pickle.dump` / `joblib.dump` write). */
export function looksLikePickle(head: Uint8Array): boolean {
  // Protocol 2+ starts with the PROTO opcode 0x80 and the protocol number.
  if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) return true;
  // Protocols 0/1 start with a GLOBAL ('c') or MARK ('(') / EMPTY_DICT / EMPTY_LIST opcode and name a module.
  const text = new TextDecoder('latin1').decode(head.subarray(0, 256));
  if ((text[0] === '}' || text[0] === ']') && text[1] === 'q' && text.charCodeAt(2) === 0) return true;
  return /^(c[\w.]+\n\w+\n|\(dp0|\(lp0|\(i[\w.]+\n)/.test(text);
}

/** Tells an artifact's format from its first bytes. */
export function sniffArtifactFormat(head: Uint8Array): ArtifactFormat {
  if (looksLikePickle(head)) return 'pickle';
  if (looksLikeOnnx(head)) return 'onnx';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 64)).trimStart();
  if (text.startsWith('{')) return 'json';
  if (text.startsWith('tree\n') || text.startsWith('tree\r\n')) return 'lightgbm-text';
  return 'unknown';
}
