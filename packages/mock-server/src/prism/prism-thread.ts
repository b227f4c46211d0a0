import { Worker } from 'node:worker_threads';

/** Prism running in a worker thread. */
export interface PrismThread {
  /** http://host:port of Prism. */
  url: string;
  /** Stops Prism and the thread. */
  close(): Promise<void>;
}

/** What the Prism thread serves. */
export interface PrismThreadOptions {
  /** `static`: Prism mocking the spec; `proxy`: Prism validating in front of `upstream`. */
  mode: 'static' | 'proxy';
  specPath: string;
  host: string;
  port: number;
  /** The upstream URL, or a promise of it (so Prism loads while the emulator starts). */
  upstream?: string | Promise<string>;
  /** Largest request body the proxy buffers. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

/**
 * Starts Prism in a worker thread (`prism-worker.cjs`) with no exec arguments, so tsx's hooks do
 * not slow its load, and its validation runs beside the emulator rather than on its event loop.
 */
export function startPrismThread(opts: PrismThreadOptions): Promise<PrismThread> {
  const worker = new Worker(new URL('./prism-worker.cjs', import.meta.url), {
    execArgv: [],
    workerData: {
      mode: opts.mode,
      specPath: opts.specPath,
      host: opts.host,
      port: opts.port,
      upstream: typeof opts.upstream === 'string' ? opts.upstream : undefined,
      maxBodyBytes: opts.maxBodyBytes ?? 128 * 1024 * 1024,
      resolveFrom: import.meta.url,
    },
  });
  if (opts.upstream instanceof Promise) {
    opts.upstream.then(
      (url) => worker.postMessage({ type: 'upstream', url }),
      () => void worker.terminate(),
    );
  }
  return new Promise((resolve, reject) => {
    const onExit = (code: number) =>
      reject(new Error(`The Prism thread exited with code ${code} before it was ready`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.on('message', (msg: { type: string; url?: string; message?: string; line?: string }) => {
      if (msg.type === 'log' && msg.line) opts.log?.(msg.line);
      else if (msg.type === 'error') {
        void worker.terminate();
        reject(new Error(`Prism failed to start: ${msg.message}`));
      } else if (msg.type === 'ready') {
        worker.off('exit', onExit);
        worker.off('error', reject);
        resolve({
          url: msg.url as string,
          close: () =>
            new Promise<void>((done) => {
              const timer = setTimeout(() => void worker.terminate().then(() => done()), 2000);
              worker.once('exit', () => {
                clearTimeout(timer);
                done();
              });
              worker.postMessage({ type: 'close' });
            }),
        });
      }
    });
  });
}
