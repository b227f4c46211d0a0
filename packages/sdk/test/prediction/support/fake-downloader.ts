import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelDownloader } from '../../../src/prediction/index.js';

/** A `downloadModel` stand-in that serves fixed artifact bytes from a temp file and records its calls. */
export async function fakeDownloader(bytes: Uint8Array | string, fileName = 'model.bin') {
  const dir = await mkdtemp(join(tmpdir(), 'dhuolib-prediction-'));
  const path = join(dir, fileName);
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  await writeFile(path, data);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const calls: Parameters<ModelDownloader['downloadModel']>[] = [];
  const client: ModelDownloader = {
    async downloadModel(params, options) {
      calls.push([params, options]);
      return { path, sha256 };
    },
  };
  return { client, calls, path };
}
