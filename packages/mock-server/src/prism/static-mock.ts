import { loadPrism } from './load-prism.js';

/** A running Prism mock. */
export interface StaticMock {
  url: string;
  close(): Promise<void>;
}

/** Prism mocking the spec in-process: static examples, `Prefer: code=…`/`example=…` honoured. */
export async function startStaticMock(specPath: string, host: string, port: number): Promise<StaticMock> {
  const prism = loadPrism();
  const operations = await prism.getHttpOperationsFromSpec(specPath);
  const logger = prism.createLogger('MOCK', { level: 'silent' });
  const server = prism.createServer(operations, {
    cors: true,
    config: {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      isProxy: false,
      upstreamProxy: undefined,
      mock: { dynamic: false },
    },
    components: { logger },
  });
  const address = await server.listen(port, host);
  return { url: address.replace(/\/$/, ''), close: () => server.close() };
}
