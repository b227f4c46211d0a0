import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDataDir } from './support/client.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

describe('dhuolib-mock CLI', () => {
  it('starts the emulator on a free port, answers, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        cli,
        '--port',
        '0',
        '--data-dir',
        tempDataDir(),
        '--token',
        'cli-token',
        '--no-validate',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const res = await fetch(`${url}/api/auth/verify`, { headers: { Authorization: 'Bearer cli-token' } });
    expect(await res.json()).toEqual({ valid: true, scheme: 'bearer' });
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses an unknown mode', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', cli, '--mode', 'weird'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('--mode must be stateful or static');
  });
});
