import { describe, expect, it } from 'vitest';
import { sniffArtifactFormat } from '../../src/prediction/index.js';
import { IRIS_CLASSES, IRIS_FEATURES } from './support/iris-like.js';
import { buildLinearClassifier, buildLinearRegressor } from './support/onnx-model-builder.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('sniffArtifactFormat', () => {
  it('recognises ONNX models (protobuf starting with ir_version)', () => {
    expect(sniffArtifactFormat(buildLinearRegressor([1, 2], 0, { features: ['a', 'b'] }))).toBe('onnx');
    const classifier = buildLinearClassifier([[1, 2, 3, 4]], [0], [IRIS_CLASSES[0]], {
      features: [...IRIS_FEATURES],
    });
    expect(sniffArtifactFormat(classifier)).toBe('onnx');
    // A head cut in the middle of the graph is still ONNX.
    expect(sniffArtifactFormat(classifier.subarray(0, 40))).toBe('onnx');
  });

  it('recognises Python pickles of every protocol', () => {
    // pickle.dumps({'a': 1}, protocol=4) and protocol=2
    expect(
      sniffArtifactFormat(Uint8Array.from([0x80, 0x04, 0x95, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94])),
    ).toBe('pickle');
    expect(sniffArtifactFormat(Uint8Array.from([0x80, 0x02, 0x7d, 0x71, 0x00]))).toBe('pickle');
    // protocol 0 (text) and protocol 1 (binary, no PROTO opcode)
    expect(sniffArtifactFormat(text('ccopy_reg\n_reconstructor\np0\n'))).toBe('pickle');
    expect(sniffArtifactFormat(text('(dp0\nVa\np1\nI1\ns.'))).toBe('pickle');
    expect(sniffArtifactFormat(Uint8Array.from([0x7d, 0x71, 0x00, 0x58]))).toBe('pickle');
    expect(sniffArtifactFormat(text('csklearn.ensemble._forest\nRandomForestClassifier\n'))).toBe('pickle');
  });

  it('recognises JSON, LightGBM text, zip and unknown bytes', () => {
    expect(sniffArtifactFormat(text('  {"format": "x"}'))).toBe('json');
    expect(sniffArtifactFormat(text('tree\nversion=v4\nnum_class=1\n'))).toBe('lightgbm-text');
    expect(sniffArtifactFormat(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe('zip');
    expect(sniffArtifactFormat(text('hello world'))).toBe('unknown');
    expect(sniffArtifactFormat(new Uint8Array())).toBe('unknown');
    // 0x08 then a field number ModelProto does not have
    expect(sniffArtifactFormat(Uint8Array.from([0x08, 0x07, 0x58, 0x01]))).toBe('unknown');
  });
});
