import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { loadPrism, type PrismResult } from './load-prism.js';
import { violationEntries, violationHeader } from './violation-header.js';

/** A running validating proxy. */
export interface ValidatingProxy {
  url: string;
  close(): Promise<void>;
}

/** Options of the validating proxy. */
export interface ValidatingProxyOptions {
  specPath: string;
  upstream: string;
  host: string;
  port: number;
  maxBodyBytes: number;
  log: (line: string) => void;
}

interface RawExchange {
  requestBody: Buffer | null;
  responseBody?: Buffer;
  responseHeaders?: Record<string, string | string[]>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
]);

function readRaw(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size === 0 ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isJson(type: string | undefined): boolean {
  return /^application\/(.+\+)?json\b/i.test(type ?? '');
}

function queryOf(searchParams: URLSearchParams): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  for (const key of new Set(searchParams.keys())) {
    const all = searchParams.getAll(key);
    q[key] = all.length === 1 ? (all[0] as string) : all;
  }
  return q;
}

/**
 * Prism's proxy validation in-process: every request is routed and validated by Prism's engine,
 * forwarded byte for byte to `upstream`, and the upstream response validated against the spec;
 * violations go into the `sl-violations` header (as `prism proxy` does). Bodies are forwarded
 * unchanged (binary-safe), unlike the Prism CLI proxy which re-encodes them as text.
 */
export async function startValidatingProxy(opts: ValidatingProxyOptions): Promise<ValidatingProxy> {
  const prismModules = loadPrism();
  const operations = await prismModules.getHttpOperationsFromSpec(opts.specPath);
  const logger = prismModules.createLogger('PROXY', { level: 'silent' });
  const upstream = new URL(opts.upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const exchanges = new WeakMap<object, RawExchange>();

  const forward =
    ({
      data,
    }: {
      data: {
        method: string;
        url: { path: string; query: Record<string, string | string[]> };
        headers: Record<string, string>;
      };
    }) =>
    () =>
    async () => {
      const ex = exchanges.get(data);
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(data.url.query ?? {})) {
        for (const item of Array.isArray(v) ? v : [v]) search.append(k, item);
      }
      const qs = search.toString();
      const headers = { ...data.headers };
      delete headers.host;
      try {
        const res = await new Promise<IncomingMessage>((resolve, reject) => {
          const r = httpRequest(
            {
              agent,
              host: upstream.hostname,
              port: upstream.port,
              method: data.method.toUpperCase(),
              path: `${data.url.path}${qs ? `?${qs}` : ''}`,
              headers,
            },
            resolve,
          );
          r.on('error', reject);
          r.end(ex?.requestBody ?? undefined);
        });
        const chunks: Buffer[] = [];
        for await (const c of res as AsyncIterable<Buffer>) chunks.push(c);
        const raw = Buffer.concat(chunks);
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(',') : v;
        const status = res.statusCode ?? 502;
        let body: unknown;
        if (status !== 204 && raw.length > 0) {
          if (isJson(flat['content-type'])) {
            try {
              body = JSON.parse(raw.toString('utf8'));
            } catch {
              body = raw.toString('utf8');
            }
          } else body = raw.toString('utf8');
        }
        const output = { statusCode: status, headers: flat, body };
        exchanges.set(output, {
          requestBody: null,
          responseBody: raw,
          responseHeaders: res.headers as Record<string, string | string[]>,
        });
        return { _tag: 'Right' as const, right: output };
      } catch (e) {
        return { _tag: 'Left' as const, left: e };
      }
    };

  const prism = prismModules.createInstance(
    {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: false,
      errors: false,
      isProxy: true,
      upstream,
      upstreamProxy: undefined,
      mock: { dynamic: false },
    },
    { logger, forward },
  );

  const server: Server = createServer(async (req, res) => {
    try {
      const requestBody = await readRaw(req, opts.maxBodyBytes);
      const url = new URL(req.url ?? '/', 'http://proxy');
      let body: unknown = null;
      if (requestBody) {
        const text = requestBody.toString('utf8');
        if (isJson(req.headers['content-type'])) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        } else body = text;
      }
      const input = {
        method: (req.method ?? 'GET').toLowerCase(),
        url: { path: url.pathname, query: queryOf(url.searchParams) },
        headers: req.headers,
        body,
      };
      exchanges.set(input, { requestBody });
      const result = await prism.request(input, operations)();
      if (result._tag === 'Left') {
        const e = result.left as { status?: number; message?: string; name?: string };
        const problem = JSON.stringify({ type: e.name, title: e.message, status: e.status ?? 502 });
        res.writeHead(e.status ?? 502, {
          'Content-Type': 'application/problem+json',
          'Content-Length': Buffer.byteLength(problem),
        });
        res.end(problem);
        return;
      }
      const { output, validations } = result.right as PrismResult;
      const entries = violationEntries(validations.input, validations.output);
      if (entries.length > 0) {
        res.setHeader('sl-violations', violationHeader(entries));
        for (const v of entries)
          opts.log(`violation ${req.method} ${url.pathname}: ${v.location.join('.')} ${v.message}`);
      }
      const ex = exchanges.get(output);
      if (ex?.responseHeaders && ex.responseBody) {
        for (const [k, v] of Object.entries(ex.responseHeaders)) {
          if (!HOP_BY_HOP.has(k) && v !== undefined) res.setHeader(k, v);
        }
        res.statusCode = output.statusCode;
        if (output.statusCode !== 204 && output.statusCode !== 304)
          res.setHeader('Content-Length', ex.responseBody.length);
        res.end(output.statusCode === 204 ? undefined : ex.responseBody);
        return;
      }
      // Prism answered itself (e.g. re-mocking a 501): serialize its output.
      const text =
        output.body === undefined
          ? ''
          : typeof output.body === 'string'
            ? output.body
            : JSON.stringify(output.body);
      for (const [k, v] of Object.entries(output.headers ?? {})) res.setHeader(k, v);
      res.statusCode = output.statusCode;
      res.end(text);
    } catch (e) {
      const status = (e as { status?: number }).status ?? 502;
      if (!res.headersSent) {
        const problem = JSON.stringify({ title: (e as Error).message, status });
        res.writeHead(status, { 'Content-Type': 'application/problem+json' });
        res.end(problem);
      } else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    url: `http://${opts.host}:${port}`,
    async close() {
      agent.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
