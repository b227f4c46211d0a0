import { readFile } from 'node:fs/promises';
import { ApiError, invalid } from '../api-error.js';
import { parseCsv } from '../csv.js';
import type { Handler } from '../handler.js';
import { readMultipart } from '../multipart.js';
import { optionalString, stageParam } from '../params.js';
import { resolveArtifact } from './download.js';

interface RandomForestModel {
  predict(rows: number[][]): number[];
}
interface RandomForestModule {
  RandomForestClassifier: { load(json: unknown): RandomForestModel };
}

const SUPPORTED = ['ml-random-forest'];

/** The model envelope the emulator reads: raw `toJSON()` output, or `{model, labels?, features?}`. */
function unwrap(json: Record<string, unknown>): { model: unknown; labels?: unknown[]; features?: string[] } {
  if (json.model && typeof json.model === 'object') {
    return {
      model: json.model,
      labels: Array.isArray(json.labels)
        ? json.labels
        : Array.isArray(json.classes)
          ? json.classes
          : undefined,
      features: Array.isArray(json.features) ? (json.features as string[]) : undefined,
    };
  }
  return { model: json };
}

/** POST /api/experiment/predict_online — predicts a CSV with an `ml-random-forest` model. */
export const predictOnline: Handler = async ({ emu, req }) => {
  const { fields, files } = await readMultipart(req, {
    maxFileBytes: emu.config.maxChunkBytes,
    fileFields: ['data'],
  });
  const modelname = optionalString(fields, 'modelname');
  if (!modelname) throw invalid('modelname', 'modelname is required');
  const stage = stageParam(fields, 'stage', 'Production');
  const runId = optionalString(fields, 'run_id');
  const typeModel = optionalString(fields, 'type_model');
  const data = files.data;
  if (!data) throw invalid('data', 'Send the rows as a CSV file part named data');
  const { version, run, file } = resolveArtifact(emu, modelname, stage, runId, typeModel, {
    model: 'modelname',
    stage: 'stage',
  });
  if (!SUPPORTED.includes(run.type_model)) {
    throw invalid(
      'type_model',
      `online prediction of type_model ${run.type_model} is not supported by the emulator (only ${SUPPORTED.join(', ')}); use predictionBatchWithDataframe`,
    );
  }
  let envelope: ReturnType<typeof unwrap>;
  let model: RandomForestModel;
  try {
    envelope = unwrap(JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>);
    const { RandomForestClassifier } = (await import('ml-random-forest')) as unknown as RandomForestModule;
    model = RandomForestClassifier.load(envelope.model);
  } catch {
    throw new ApiError(
      400,
      'invalid_model',
      `The artifact of ${modelname} version ${version.model_version} is not RandomForestClassifier#toJSON() output`,
      'modelname',
    );
  }
  const { header, rows } = parseCsv(data.toString('utf8'));
  if (rows.length === 0) throw invalid('data', 'data has a header line but no rows');
  let columns = header.map((_, i) => i);
  if (envelope.features) {
    const upper = header.map((h) => h.toUpperCase());
    columns = envelope.features.map((f) => {
      const i = upper.indexOf(f.toUpperCase());
      if (i < 0)
        throw invalid(
          'data',
          `data has no column ${f} (the model's features: ${envelope.features?.join(', ')})`,
        );
      return i;
    });
  }
  const matrix = rows.map((r, n) =>
    columns.map((i) => {
      const v = Number(r[i]);
      if (r[i] === undefined || r[i]?.trim() === '' || Number.isNaN(v)) {
        throw invalid('data', `Row ${n + 1}, column ${header[i] ?? i}: '${r[i] ?? ''}' is not a number`);
      }
      return v;
    }),
  );
  const raw = model.predict(matrix);
  const predictions = raw.map((p) => {
    const label = envelope.labels?.[p];
    return typeof label === 'string' || typeof label === 'number' ? label : p;
  });
  return { status: 200, body: { predictions, model_version: version.model_version, run_id: run.run_id } };
};
