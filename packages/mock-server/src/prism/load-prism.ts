import Module, { createRequire } from 'node:module';

/** The parts of Prism's packages the mock server uses (typed loosely: they are CommonJS). */
export interface PrismModules {
  getHttpOperationsFromSpec(spec: string): Promise<unknown[]>;
  createInstance(config: unknown, components: unknown): PrismInstance;
  createServer(
    operations: unknown[],
    opts: unknown,
  ): { listen(port: number, host: string): Promise<string>; close(): Promise<void> };
  createLogger(name: string, options: unknown): unknown;
}

/** A Prism HTTP instance: `request` returns a TaskEither. */
export interface PrismInstance {
  request(
    input: unknown,
    operations: unknown[],
    config?: unknown,
  ): () => Promise<{ _tag: 'Left'; left: unknown } | { _tag: 'Right'; right: PrismResult }>;
}

/** What Prism answers for one request. */
export interface PrismResult {
  output: { statusCode: number; headers?: Record<string, string>; body?: unknown };
  validations: { input: PrismViolation[]; output: PrismViolation[] };
}

/** One violation Prism found. */
export interface PrismViolation {
  path?: (string | number)[];
  code?: string | number;
  message: string;
  severity: number | string;
}

let cached: PrismModules | undefined;

/**
 * Loads Prism in-process. `@faker-js/faker` (≈0.8 s of the ≈1.2 s load) is only needed for dynamic
 * mocking, so it is replaced by a stub that loads the real module on first use.
 */
export function loadPrism(): PrismModules {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const httpMain = require.resolve('@stoplight/prism-http');
  const fromHttp = createRequire(httpMain);
  try {
    const fakerPath = fromHttp.resolve('@faker-js/faker');
    const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
    if (!cache[fakerPath]) {
      let real: Record<string, unknown> | undefined;
      const load = () => {
        if (!real) {
          delete cache[fakerPath];
          real = fromHttp(fakerPath) as Record<string, unknown>;
        }
        return real;
      };
      const stub = new Module(fakerPath);
      stub.filename = fakerPath;
      stub.loaded = true;
      stub.exports = new Proxy({ __esModule: true } as Record<string | symbol, unknown>, {
        get: (_t, k) => (k === '__esModule' ? true : load()[k as string]),
        has: (_t, k) => k in load(),
      });
      cache[fakerPath] = stub;
    }
  } catch {
    // Without the stub Prism still works; it only starts slower.
  }
  const http = require('@stoplight/prism-http') as Pick<
    PrismModules,
    'getHttpOperationsFromSpec' | 'createInstance'
  >;
  const server = require('@stoplight/prism-http-server') as Pick<PrismModules, 'createServer'>;
  const core = require('@stoplight/prism-core') as Pick<PrismModules, 'createLogger'>;
  cached = {
    getHttpOperationsFromSpec: http.getHttpOperationsFromSpec,
    createInstance: http.createInstance,
    createServer: server.createServer,
    createLogger: core.createLogger,
  };
  return cached;
}
