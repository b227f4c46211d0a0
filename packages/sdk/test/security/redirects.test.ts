import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDhuoRawClient } from '../../src/index.js';

// Two real servers on two origins: `home` redirects, `elsewhere` records what reached it.
const received: IncomingHttpHeaders[] = [];
let home: Server;
let elsewhere: Server;
let homeUrl: string;
let elsewhereUrl: string;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    received.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  elsewhereUrl = await listen(elsewhere);
  home = createServer((req, res) => {
    if (req.url === '/api/health') {
      res.writeHead(302, { location: `${elsewhereUrl}/api/health` }).end();
    } else if (req.url === '/api/auth/verify') {
      res.writeHead(307, { location: '/api/auth/verified' }).end();
    } else {
      received.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"valid":true}');
    }
  });
  homeUrl = await listen(home);
});

afterAll(() => {
  home.close();
  elsewhere.close();
});

describe('redirects', () => {
  for (const token of ['sk-secret-access-key', 'Bearer sk-secret-bearer']) {
    it(`never carry the token (${token.split(' ')[0]}) to another origin`, async () => {
      received.length = 0;
      const raw = createDhuoRawClient({ baseUrl: homeUrl, token });
      const { data, response } = await raw.GET('/api/health');
      expect(response.status).toBe(200);
      expect(data).toEqual({ status: 'ok' });
      expect(received).toHaveLength(1);
      expect(received[0]!['x-dhuo-access-key']).toBeUndefined();
      expect(received[0]!.authorization).toBeUndefined();
      expect(received[0]!['x-request-id']).toMatch(/^req_/);
    });
  }

  it('keep the token on a same-origin redirect', async () => {
    received.length = 0;
    const raw = createDhuoRawClient({ baseUrl: homeUrl, token: 'sk-secret-access-key' });
    const { data } = await raw.GET('/api/auth/verify');
    expect(data).toEqual({ valid: true });
    expect(received[0]!['x-dhuo-access-key']).toBe('sk-secret-access-key');
  });
});
