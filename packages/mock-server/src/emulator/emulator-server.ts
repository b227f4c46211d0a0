import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';
import { checkToken } from './auth.js';
import { Emulator } from './emulator.js';
import type { EmulatorConfig } from './emulator-config.js';
import type { HandlerContext } from './handler.js';
import { sendError, sendJson } from './http-io.js';
import { IDEMPOTENT_OPERATIONS, OPERATIONS, PUBLIC_OPERATIONS } from './operations.js';
import { matchRoute } from './routes.js';

/** A listening emulator. */
export interface RunningEmulator {
  emulator: Emulator;
  server: Server;
  /** http://host:port of the emulator itself. */
  url: string;
  close(): Promise<void>;
}

function requestId(): string {
  return `req_${randomBytes(8).toString('hex')}`;
}

async function handle(emu: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const id = requestId();
  res.setHeader('X-Request-Id', id);
  try {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const match = matchRoute(req.method ?? 'GET', url.pathname);
    if (!match)
      throw new ApiError(
        404,
        'not_found',
        `No operation at ${req.method} ${url.pathname}; paths start with /api`,
      );
    if ('methodMismatch' in match) {
      throw new ApiError(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
    }
    const scheme = PUBLIC_OPERATIONS.has(match.operationId) ? undefined : checkToken(req, emu.config.token);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const ctx: HandlerContext = { emu, req, res, params: match.params, query, requestId: id, scheme };
    const idemHeader = req.headers['idempotency-key'];
    const idemKey =
      typeof idemHeader === 'string' && idemHeader.length > 0 && IDEMPOTENT_OPERATIONS.has(match.operationId)
        ? `${match.operationId}:${idemHeader}`
        : undefined;
    const previous = idemKey ? emu.state.idempotency[idemKey] : undefined;
    if (previous) {
      req.resume();
      res.setHeader('Idempotent-Replayed', 'true');
      sendJson(res, previous.status, previous.body);
      return;
    }
    const reply = await OPERATIONS[match.operationId](ctx);
    if (reply === 'sent') return;
    if (idemKey && reply.status < 300) {
      emu.state.idempotency[idemKey] = { status: reply.status, body: reply.body };
      emu.save();
    }
    if (reply.status === 204) {
      res.statusCode = 204;
      res.end();
      return;
    }
    sendJson(res, reply.status, reply.body);
  } catch (err) {
    if (!(err instanceof ApiError))
      emu.config.log(`error in ${req.method} ${req.url}: ${(err as Error)?.stack ?? err}`);
    if (!req.complete) req.resume();
    sendError(res, err, id);
  }
}

/** Starts the emulator's HTTP server on host:port (0 = a free port). */
export async function startEmulator(
  config: EmulatorConfig,
  host: string,
  port: number,
): Promise<RunningEmulator> {
  const emulator = new Emulator(config);
  const server = createServer((req, res) => {
    void handle(emulator, req, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    emulator,
    server,
    url,
    async close() {
      await emulator.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
