// The iris data set and the names the lifecycle uses for it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Feature columns as the training table names them (the seed's IRIS_TRAIN). */
export const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;
/** Feature columns as the inference and output tables name them (the seed's IRIS_FEATURE / IRIS_OUTPUT). */
export const FEATURE_COLUMNS = ['SEPAL_LENGTH', 'SEPAL_WIDTH', 'PETAL_LENGTH', 'PETAL_WIDTH'] as const;
export const LABEL = 'class';

export const TABLES = { train: 'IRIS_TRAIN', feature: 'IRIS_FEATURE', output: 'IRIS_OUTPUT' } as const;
export const EXPERIMENT_NAME = 'iris-classification';
export const MODEL_NAME = 'iris-classification';
export const TYPE_MODEL = 'ml-random-forest';
export const PROJECT_NAME = 'iris-batch';

export interface IrisRow {
  sepal_length: number;
  sepal_width: number;
  petal_length: number;
  petal_width: number;
  class: string;
}

/** Reads the shipped data set (150 rows, public domain). */
export function loadIris(): IrisRow[] {
  const csv = readFileSync(fileURLToPath(new URL('../data/iris.csv', import.meta.url)), 'utf8');
  const [header, ...lines] = csv.trim().split('\n');
  if (header !== [...FEATURES, LABEL].join(','))
    throw new Error(`iris.csv has an unexpected header: ${header}`);
  return lines.map((line) => {
    const [a, b, c, d, label] = line.split(',');
    return {
      sepal_length: Number(a),
      sepal_width: Number(b),
      petal_length: Number(c),
      petal_width: Number(d),
      class: label!,
    };
  });
}

/** A deterministic, stratified hold-out: every fifth row of each class is kept out of training. */
export function holdOutSplit<T extends { class: string }>(rows: T[]): { train: T[]; test: T[] } {
  const seen = new Map<string, number>();
  const train: T[] = [];
  const test: T[] = [];
  for (const row of rows) {
    const n = seen.get(row.class) ?? 0;
    seen.set(row.class, n + 1);
    (n % 5 === 4 ? test : train).push(row);
  }
  return { train, test };
}
