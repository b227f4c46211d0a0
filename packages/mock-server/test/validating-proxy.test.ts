import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { type PrismThread, startPrismThread } from '../src/prism/prism-thread.js';
import { findSpec } from '../src/spec-path.js';
import { tempDataDir } from './support/client.js';

describe('the validating proxy reports what breaks the spec', () => {
  let upstream: Server;
  let proxy: PrismThread;
  const seen: { url: string; body: Buffer }[] = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', body: Buffer.concat(chunks) });
        if (req.url === '/api/health') {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify({ status: 'broken' }));
        } else {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify({ valid: true, scheme: 'access_key' }));
        }
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const addr = upstream.address() as { port: number };
    proxy = await startPrismThread({
      mode: 'proxy',
      specPath: findSpec(),
      upstream: `http://127.0.0.1:${addr.port}`,
      host: '127.0.0.1',
      port: 0,
      maxBodyBytes: 1024 * 1024,
      log: () => {},
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await new Promise((r) => upstream?.close(r));
  });

  it('flags a response that breaks its schema', async () => {
    const res = await fetch(`${proxy.url}/api/health`);
    expect(res.status).toBe(200);
    const v = JSON.parse(res.headers.get('sl-violations') ?? '[]') as { location: string[] }[];
    expect(v.some((e) => e.location[0] === 'response')).toBe(true);
  });

  it('passes a valid response without a header', async () => {
    const res = await fetch(`${proxy.url}/api/auth/verify`, { headers: { 'X-Dhuo-Access-Key': 'k' } });
    expect(res.headers.get('sl-violations')).toBeNull();
    expect(await res.json()).toEqual({ valid: true, scheme: 'access_key' });
  });

  it('forwards binary bodies byte for byte', async () => {
    const bytes = new Uint8Array([0, 255, 128, 10, 13, 0xc3]);
    const fd = new FormData();
    fd.append('experiment_name', 'e');
    fd.append('file_name', 'modelpkl_path');
    fd.append('chunk', new Blob([bytes]), 'chunk.bin');
    await fetch(`${proxy.url}/api/runs/upload_chunk`, {
      method: 'POST',
      body: fd,
      headers: { 'X-Dhuo-Access-Key': 'k' },
    });
    const body = seen.at(-1)?.body as Buffer;
    expect(body.includes(Buffer.from(bytes))).toBe(true);
  });
});

const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

describe.skipIf(!ipv6)('an IPv6 host', () => {
  it('gives bracketed URLs that answer, in both modes', async () => {
    const dataDir = tempDataDir();
    for (const mode of ['stateful', 'static'] as const) {
      const server = await startMockServer({
        mode,
        validate: true,
        host: '::1',
        token: 't',
        log: false,
        dataDir,
      });
      try {
        expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      } finally {
        await server.close();
      }
    }
  });
});
