import { createHash, type Hash, randomUUID } from 'node:crypto';

/** One chunk as the fake service saw it. */
export interface ReceivedChunk {
  upload_id: string | null;
  file_name: string;
  experiment_name: string;
  offset: number;
  total_size: number;
  size: number;
  chunk_sha256: string;
}

/** A fake of the service's upload and run endpoints that checks offsets and chunk checksums. */
export function uploadService(
  options: {
    lieAboutSha?: boolean;
    /** Fails the n-th chunk request (0-based) with 503, before or after storing it. */
    fail?: Map<number, 'before-store' | 'after-store'>;
  } = {},
) {
  let chunkRequests = 0;
  const uploads = new Map<string, { received: number; hash: Hash }>();
  const chunks: ReceivedChunk[] = [];
  const runs: unknown[] = [];
  const multipart: Array<Record<string, string | { name: string; size: number; sha256: string }>> = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/api/runs/upload_chunk') {
      const form = await request.formData();
      const chunk = form.get('chunk') as Blob;
      const bytes = new Uint8Array(await chunk.arrayBuffer());
      const seen: ReceivedChunk = {
        upload_id: form.get('upload_id') as string | null,
        file_name: String(form.get('file_name')),
        experiment_name: String(form.get('experiment_name')),
        offset: Number(form.get('offset')),
        total_size: Number(form.get('total_size')),
        size: bytes.byteLength,
        chunk_sha256: String(form.get('chunk_sha256')),
      };
      chunks.push(seen);
      const fault = options.fail?.get(chunkRequests);
      chunkRequests += 1;
      if (fault === 'before-store')
        return json(503, { code: 'unavailable', message: 'try again', status: 503 });
      if (createHash('sha256').update(bytes).digest('hex') !== seen.chunk_sha256) {
        return json(400, { code: 'checksum_mismatch', message: 'chunk_sha256 does not match', status: 400 });
      }
      const id = seen.upload_id ?? randomUUID();
      const upload = uploads.get(id) ?? { received: 0, hash: createHash('sha256') };
      if (seen.offset !== upload.received) {
        return json(409, {
          code: 'offset_mismatch',
          message: `expected offset ${upload.received}`,
          status: 409,
        });
      }
      upload.hash.update(bytes);
      upload.received += bytes.byteLength;
      uploads.set(id, upload);
      if (fault === 'after-store')
        return json(503, { code: 'unavailable', message: 'stored, then failed', status: 503 });
      const sha256 = options.lieAboutSha ? '0'.repeat(64) : upload.hash.copy().digest('hex');
      return json(200, {
        upload_id: id,
        experiment_name: seen.experiment_name,
        file_name: seen.file_name,
        received_bytes: upload.received,
        sha256,
      });
    }
    if (request.method === 'POST' && url.pathname === '/api/runs') {
      if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
        const form = await request.formData();
        const fields: (typeof multipart)[number] = {};
        for (const [name, value] of form) {
          if (typeof value === 'string') fields[name] = value;
          else {
            const bytes = new Uint8Array(await value.arrayBuffer());
            fields[name] = {
              name: value.name,
              size: bytes.byteLength,
              sha256: createHash('sha256').update(bytes).digest('hex'),
            };
          }
        }
        multipart.push(fields);
      } else {
        runs.push(await request.json());
      }
      return json(200, {
        run_id: 'run-1',
        experiment_id: '1',
        model_uri: 'runs:/run-1/model',
        status: 'FINISHED',
        start_time: 1,
        tags: {},
      });
    }
    return json(404, { code: 'not_found', message: 'no route', status: 404 });
  }
  return { handle, chunks, runs, multipart };
}
