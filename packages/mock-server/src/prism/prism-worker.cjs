// @ts-check
// Prism in a worker thread started without tsx's hooks (which double Prism's load time): either
// a static mock of the spec, or a validating proxy in front of the emulator. Plain CommonJS so it
// runs the same from src/ and dist/.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Module = require('node:module');
const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** @typedef {{ mode: 'static' | 'proxy', specPath: string, host: string, port: number, upstream?: string, maxBodyBytes: number, resolveFrom: string }} Options */
/** @type {Options} */
const options = workerData;
const req = Module.createRequire(options.resolveFrom);

/**
 * `@faker-js/faker` is ≈0.8 s of Prism's ≈1.2 s load and only serves dynamic mocking: replace it
 * by a proxy that loads the real module on first use (json-schema-faker grabs it eagerly).
 */
function stubFaker() {
  const httpMain = req.resolve('@stoplight/prism-http');
  const fromHttp = Module.createRequire(httpMain);
  let fakerPath;
  try {
    fakerPath = fromHttp.resolve('@faker-js/faker');
  } catch {
    return;
  }
  const cache = /** @type {any} */ (Module)._cache;
  if (cache[fakerPath]) return;
  /** @type {any} */
  let real;
  const realFaker = () => {
    if (!real) {
      delete cache[fakerPath];
      real = fromHttp(fakerPath);
    }
    return real.default ?? real.faker;
  };
  const lazy = new Proxy(
    {},
    {
      get: (_t, k) => {
        const f = realFaker();
        const v = f[k];
        return typeof v === 'function' ? v.bind(f) : v;
      },
      has: (_t, k) => k in realFaker(),
      ownKeys: () => Reflect.ownKeys(realFaker()),
      getOwnPropertyDescriptor: (_t, k) => {
        const d = Reflect.getOwnPropertyDescriptor(realFaker(), k);
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
  const stub = new Module(fakerPath);
  stub.filename = fakerPath;
  stub.loaded = true;
  stub.exports = { __esModule: true, default: lazy, faker: lazy };
  cache[fakerPath] = stub;
}

const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];
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

/** @param {string | undefined} type */
function isJson(type) {
  return /^application\/(.+\+)?json\b/i.test(type ?? '');
}

/** Prism's violations as its own server writes them in `sl-violations`. */
function violationEntries(/** @type {any[]} */ input, /** @type {any[]} */ output) {
  /** @param {string} prefix */
  const map = (prefix) => (/** @type {any} */ v) => ({
    location: [prefix, ...(v.path ?? [])],
    severity: typeof v.severity === 'number' ? (SEVERITY[v.severity] ?? String(v.severity)) : v.severity,
    code: v.code,
    message: v.message,
  });
  return [...input.map(map('request')), ...output.map(map('response'))];
}

/** @param {unknown[]} entries */
function violationHeader(entries) {
  const value = JSON.stringify(entries);
  const max = 8 * 1024 - 100;
  return value.length > max ? `Too many violations! ${value.slice(0, max)}` : value;
}

/** @param {http.IncomingMessage} r @param {number} limit @returns {Promise<Buffer | null>} */
function readRaw(r, limit) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    r.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(
          Object.assign(new Error(`The body exceeds the proxy's limit of ${limit} bytes`), { status: 413 }),
        );
        r.destroy();
        return;
      }
      chunks.push(c);
    });
    r.on('end', () => resolve(size === 0 ? null : Buffer.concat(chunks)));
    r.on('error', reject);
  });
}

/** http://host:port, an IPv6 host in brackets. @param {string} host @param {number} port */
function httpUrl(host, port) {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** @param {URLSearchParams} sp */
function queryOf(sp) {
  /** @type {Record<string, string | string[]>} */
  const q = {};
  for (const key of new Set(sp.keys())) {
    const all = sp.getAll(key);
    q[key] = all.length === 1 ? all[0] : all;
  }
  return q;
}

/** @param {any} prism @param {any[]} operations */
async function startStatic(prism, operations) {
  const logger = prism.core.createLogger('MOCK', { level: 'silent' });
  const server = prism.server.createServer(operations, {
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
  // Prism answers the address as http://host:port with the host unbracketed: keep only the port.
  const address = String(await server.listen(options.port, options.host));
  const port = Number(/:(\d+)\/?$/.exec(address)?.[1] ?? options.port);
  return { url: httpUrl(options.host, port), close: () => server.close() };
}

/**
 * Prism's proxy validation: every request is routed and validated by Prism's engine, forwarded
 * byte for byte to the upstream, and the response validated; violations go to `sl-violations`.
 * @param {any} prism @param {any[]} operations
 */
async function startProxy(prism, operations) {
  const logger = prism.core.createLogger('PROXY', { level: 'silent' });
  const upstream = new URL(/** @type {string} */ (options.upstream));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  /** @type {WeakMap<object, { requestBody?: Buffer | null, responseBody?: Buffer, responseHeaders?: http.IncomingHttpHeaders }>} */
  const exchanges = new WeakMap();

  const forward =
    (/** @type {{ data: any }} */ { data }) =>
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
        /** @type {http.IncomingMessage} */
        const res = await new Promise((resolve, reject) => {
          const r = http.request(
            {
              agent,
              host: upstream.hostname.replace(/^\[(.*)\]$/, '$1'),
              port: upstream.port,
              method: String(data.method).toUpperCase(),
              path: `${data.url.path}${qs ? `?${qs}` : ''}`,
              headers,
            },
            resolve,
          );
          r.on('error', reject);
          r.end(ex?.requestBody ?? undefined);
        });
        /** @type {Buffer[]} */
        const chunks = [];
        for await (const c of res) chunks.push(c);
        const raw = Buffer.concat(chunks);
        /** @type {Record<string, string>} */
        const flat = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(',') : v;
        const status = res.statusCode ?? 502;
        /** @type {unknown} */
        let body;
        if (status !== 204 && raw.length > 0) {
          const text = raw.toString('utf8');
          if (isJson(flat['content-type'])) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          } else body = text;
        }
        const output = { statusCode: status, headers: flat, body };
        exchanges.set(output, { responseBody: raw, responseHeaders: res.headers });
        return { _tag: 'Right', right: output };
      } catch (e) {
        return { _tag: 'Left', left: e };
      }
    };

  const instance = prism.http.createInstance(
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

  const server = http.createServer(async (request, res) => {
    try {
      const requestBody = await readRaw(request, options.maxBodyBytes);
      const url = new URL(request.url ?? '/', 'http://proxy');
      /** @type {unknown} */
      let body = null;
      if (requestBody) {
        const text = requestBody.toString('utf8');
        if (isJson(request.headers['content-type'])) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        } else body = text;
      }
      const input = {
        method: (request.method ?? 'GET').toLowerCase(),
        url: { path: url.pathname, query: queryOf(url.searchParams) },
        headers: request.headers,
        body,
      };
      exchanges.set(input, { requestBody });
      const result = await instance.request(input, operations)();
      if (result._tag === 'Left') {
        const e = result.left;
        const problem = JSON.stringify({ type: e.name, title: e.message, status: e.status ?? 502 });
        res.writeHead(e.status ?? 502, { 'Content-Type': 'application/problem+json' });
        res.end(problem);
        return;
      }
      const { output, validations } = result.right;
      const entries = violationEntries(validations.input, validations.output);
      if (entries.length > 0) {
        res.setHeader('sl-violations', violationHeader(entries));
        for (const v of entries) {
          parentPort?.postMessage({
            type: 'log',
            line: `violation ${request.method} ${url.pathname}: ${v.location.join('.')} ${v.message}`,
          });
        }
      }
      const ex = exchanges.get(output);
      if (ex?.responseHeaders && ex.responseBody) {
        for (const [k, v] of Object.entries(ex.responseHeaders)) {
          if (!HOP_BY_HOP.has(k) && v !== undefined) res.setHeader(k, v);
        }
        res.statusCode = output.statusCode;
        if (output.statusCode === 204 || output.statusCode === 304) {
          res.end();
          return;
        }
        res.setHeader('Content-Length', ex.responseBody.length);
        res.end(ex.responseBody);
        return;
      }
      // Prism answered itself (e.g. re-mocking an upstream 501): serialize its output.
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
      const err = /** @type {{ status?: number, message?: string }} */ (e);
      const status = err.status ?? 502;
      if (!res.headersSent) {
        res.writeHead(status, { 'Content-Type': 'application/problem+json' });
        res.end(JSON.stringify({ title: err.message, status }));
      } else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(undefined));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port;
  return {
    url: httpUrl(options.host, port),
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

/**
 * Where Prism's operations for the spec are cached: building them takes ≈0.15–0.6 s, so they are
 * kept in the temp directory keyed by the spec's bytes and Prism's version. No cache for specs with
 * external $refs (their other files could change unseen).
 * @returns {string | undefined}
 */
function operationsCacheFile() {
  const text = fs.readFileSync(options.specPath);
  if (/\$ref:\s*['"]?[^'"#\s]/.test(text.toString('utf8'))) return undefined;
  const version = req('@stoplight/prism-http/package.json').version;
  const key = crypto.createHash('sha256').update(text).update(String(version)).digest('hex').slice(0, 24);
  return path.join(os.tmpdir(), `dhuolib-mock-operations-${key}.json`);
}

/** @param {string | undefined} file @returns {unknown[] | undefined} */
function readCachedOperations(file) {
  if (!file) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * With cached operations, Prism's spec loader (≈0.15 s of requires: OAS2/OAS3/Postman
 * transformers, the $ref parser) is not needed: stub it with a module that loads it on first use.
 */
function stubOperationsLoader() {
  const fromHttp = Module.createRequire(req.resolve('@stoplight/prism-http'));
  const file = fromHttp.resolve('./utils/operations');
  /** @type {any} */
  const cache = /** @type {any} */ (Module)._cache;
  if (cache[file]) return;
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = {
    getHttpOperationsFromSpec: (/** @type {unknown[]} */ ...args) => {
      delete cache[file];
      return fromHttp(file).getHttpOperationsFromSpec(...args);
    },
  };
  cache[file] = stub;
}

/** @param {string | undefined} file @param {unknown[]} operations */
function writeCachedOperations(file, operations) {
  if (!file) return;
  try {
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(operations));
    fs.renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs time.
  }
}

async function main() {
  stubFaker();
  const cacheFile = operationsCacheFile();
  const cached = readCachedOperations(cacheFile);
  if (cached) stubOperationsLoader();
  const prism = {
    http: req('@stoplight/prism-http'),
    server: req('@stoplight/prism-http-server'),
    core: req('@stoplight/prism-core'),
  };
  let operations = cached;
  if (!operations) {
    operations = /** @type {unknown[]} */ (await prism.http.getHttpOperationsFromSpec(options.specPath));
    writeCachedOperations(cacheFile, operations);
  }
  if (options.mode === 'proxy' && !options.upstream) {
    // The emulator starts beside this thread; its URL comes as a message.
    options.upstream = await new Promise((resolve) => {
      const onMessage = (/** @type {any} */ msg) => {
        if (msg?.type === 'upstream') {
          parentPort?.off('message', onMessage);
          resolve(msg.url);
        }
      };
      parentPort?.on('message', onMessage);
    });
  }
  const running =
    options.mode === 'static' ? await startStatic(prism, operations) : await startProxy(prism, operations);
  parentPort?.on('message', async (msg) => {
    if (msg?.type === 'close') {
      await running.close();
      parentPort?.postMessage({ type: 'closed' });
      parentPort?.close();
    }
  });
  parentPort?.postMessage({ type: 'ready', url: running.url });
}

main().catch((e) => {
  parentPort?.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
});
