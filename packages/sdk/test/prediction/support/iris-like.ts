/** A deterministic iris-like data set: 3 classes, 4 features, separable enough for a small forest. */
export const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;
export const IRIS_CLASSES = ['setosa', 'versicolor', 'virginica'] as const;

export const IRIS_CENTERS = [
  [5.0, 3.4, 1.5, 0.25],
  [5.9, 2.8, 4.3, 1.3],
  [6.6, 3.0, 5.6, 2.0],
] as const;

/** `n` rows: `x` (row-major features), `y` (class ids), deterministic for a given seed. */
export function irisLike(n: number, seed = 7): { x: number[][]; y: number[] } {
  let s = seed;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const center = IRIS_CENTERS[c]!;
    x.push(center.map((v) => Math.round((v + rand() * 0.8) * 10) / 10));
    y.push(c);
  }
  return { x, y };
}
