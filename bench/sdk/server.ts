// The local service for bench/sdk, run in its own process so its memory and CPU are not the client's:
// GET /api/health, chunked uploads (checked and hashed), and run creation (multipart bodies drained).
import { createHash, type Hash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

const uploads = new Map<string, { received: number; hash: Hash }>();
const healthBody = JSON.stringify({ status: 'ok', version: 'bench' });
const run = JSON.stringify({
  run_id: 'bench-run',
  experiment_id: '1',
  model_uri: 'runs:/bench-run/model',
  status: 'FINISHED',
  start_time: 0,
  tags: {},
});

const server = createServer(async (req, res) => {
  const send = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  try {
    if (req.method === 'GET' && req.url === '/api/health') return send(200, healthBody);
    if (req.method === 'POST' && req.url === '/api/runs/upload_chunk') {
      const request = new Request('http://bench/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: Readable.toWeb(req) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
      const form = await request.formData();
      const bytes = new Uint8Array(await (form.get('chunk') as Blob).arrayBuffer());
      const id = (form.get('upload_id') as string | null) ?? randomUUID();
      const upload = uploads.get(id) ?? { received: 0, hash: createHash('sha256') };
      if (Number(form.get('offset')) !== upload.received)
        return send(409, '{"code":"offset","message":"bad offset","status":409}');
      upload.hash.update(bytes);
      upload.received += bytes.byteLength;
      uploads.set(id, upload);
      return send(
        200,
        JSON.stringify({
          upload_id: id,
          experiment_name: form.get('experiment_name'),
          file_name: form.get('file_name'),
          received_bytes: upload.received,
          sha256: upload.hash.copy().digest('hex'),
        }),
      );
    }
    if (req.method === 'POST' && req.url === '/api/runs') {
      for await (const _ of req) {
        // drained: the bench measures the client, not the server
      }
      return send(200, run);
    }
    send(404, '{"code":"not_found","message":"no route","status":404}');
  } catch (error) {
    send(500, JSON.stringify({ code: 'bench', message: String(error), status: 500 }));
  }
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
