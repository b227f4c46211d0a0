import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { tempDataDir } from './support/client.js';

describe('the generated development token', () => {
  const saved = process.env.DHUO_TOKEN;
  afterEach(() => {
    if (saved === undefined) delete process.env.DHUO_TOKEN;
    else process.env.DHUO_TOKEN = saved;
  });

  it('is printed once at start and never again, even on 401s and script runs', async () => {
    delete process.env.DHUO_TOKEN;
    const lines: string[] = [];
    const server = await startMockServer({
      mode: 'stateful',
      validate: false,
      dataDir: tempDataDir(),
      log: (line) => lines.push(line),
    });
    try {
      expect(server.token).toMatch(/^dev_[0-9a-f]{32}$/);
      const call = (path: string, init: RequestInit = {}, token: string | undefined = server.token) =>
        fetch(`${server.url}${path}`, {
          ...init,
          headers: {
            'Content-Type': 'application/json',
            ...(token ? { 'X-Dhuo-Access-Key': token } : {}),
          },
        });
      expect((await call('/api/auth/verify')).status).toBe(200);
      expect((await call('/api/auth/verify', {}, `${server.token}x`)).status).toBe(401);
      const post = (path: string, body: unknown) =>
        call(path, { method: 'POST', body: JSON.stringify(body) });
      await post('/api/project', { project_name: 'p' });
      await post('/api/deploy', {
        project_name: 'p',
        script_filename: 'echo.mjs',
        run_script_content: "console.log('ran');",
        requirements_content: '',
      });
      await post('/api/cluster', { project_name: 'p', cluster_size: 1 });
      const run = (await (await post('/api/cluster/run', { project_name: 'p' })).json()) as {
        batch_run_id: number;
      };
      for (;;) {
        const r = (await (await call(`/api/cluster/run/p/${run.batch_run_id}`)).json()) as { status: string };
        if (r.status === 'SUCCEEDED' || r.status === 'FAILED') break;
        await new Promise((res) => setTimeout(res, 50));
      }
    } finally {
      await server.close();
    }
    expect(lines.filter((l) => l.includes(server.token))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('batch run 1 of p'))).toBe(true);
  });
});
