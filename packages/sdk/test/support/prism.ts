import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A Prism mock of openapi/dhuo.yaml on a free loopback port. */
export interface PrismMock {
  url: string;
  stop(): Promise<void>;
}

/** Starts `prism mock openapi/dhuo.yaml` as a child process and waits until it listens. */
export function startPrism(): Promise<PrismMock> {
  const child: ChildProcess = spawn(
    resolve(root, 'node_modules/.bin/prism'),
    ['mock', resolve(root, 'openapi/dhuo.yaml'), '-p', '0', '-h', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Prism did not start within 30 s:\n${output}`));
    }, 30_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Prism is listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({
          url: match[1] as string,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code}:\n${output}`));
    });
  });
}
