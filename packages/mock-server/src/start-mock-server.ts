import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { RunningEmulator } from './emulator/emulator-server.js';
import type { MockServer, MockServerOptions } from './options.js';
import { type PrismThread, startPrismThread } from './prism/prism-thread.js';
import { findNodeModules, findSpec } from './spec-path.js';

function defaultValidate(): boolean {
  return process.env.NODE_ENV === 'test' || process.env.VITEST !== undefined;
}

/**
 * Starts the static Prism mock or the stateful emulator (optionally behind Prism's validation).
 *
 * @example
 * const server = await startMockServer({ mode: 'stateful', dataDir: './.dhuolib/emulator' });
 * await fetch(`${server.url}/api/health`);
 * await server.close();
 */
export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const log =
    options.log === false
      ? () => {}
      : (options.log ?? ((line: string) => console.error(`[dhuolib-mock] ${line}`)));
  const dataDir = resolve(options.dataDir ?? join('.dhuolib', 'emulator'));
  let token = options.token ?? process.env.DHUO_TOKEN;
  if (!token) {
    token = `dev_${randomBytes(16).toString('hex')}`;
    log(`no token given: using the development token ${token} (set DHUO_TOKEN or pass token)`);
  }
  const specPath = findSpec(options.specPath);

  if (options.mode === 'static') {
    const mock = await startPrismThread({ mode: 'static', specPath, host, port, log });
    log(`static Prism mock of ${specPath} at ${mock.url}`);
    return { url: mock.url, token, dataDir, emulatorUrl: mock.url, close: mock.close };
  }
  if (options.mode !== 'stateful')
    throw new TypeError(`mode must be 'static' or 'stateful', got ${String(options.mode)}`);

  const validate = options.validate ?? defaultValidate();
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxChunkBytes = options.maxChunkBytes ?? 64 * 1024 * 1024;
  const config = {
    dataDir,
    token,
    publicUrl: '',
    datalakeUrl:
      options.datalakeUrl ??
      process.env.DHUO_DATABASE_URL ??
      `sqlite:///${resolve('.dhuolib', 'datalake.db')}`,
    maxBodyBytes,
    maxChunkBytes,
    maxUploadBytes: options.maxUploadBytes ?? 2 * 1024 * 1024 * 1024,
    nodeModulesDir: options.nodeModulesDir === undefined ? findNodeModules() : options.nodeModulesDir,
    log,
  };
  // With validation, Prism loads in its thread while this thread loads and starts the emulator;
  // the emulator takes a free port and the proxy the requested one.
  let proxyStart: Promise<PrismThread> | undefined;
  let emulatorUrl: (url: string) => void = () => {};
  let emulatorFailed: (e: unknown) => void = () => {};
  if (validate) {
    const upstream = new Promise<string>((res, rej) => {
      emulatorUrl = res;
      emulatorFailed = rej;
    });
    proxyStart = startPrismThread({
      mode: 'proxy',
      specPath,
      upstream,
      host,
      port,
      // The 0.5.x run form carries two files of up to maxChunkBytes each.
      maxBodyBytes: Math.max(maxBodyBytes, 2 * maxChunkBytes) + 1024 * 1024,
      log,
    });
    proxyStart.catch(() => {});
  }
  let emulator: RunningEmulator;
  try {
    const { startEmulator } = await import('./emulator/emulator-server.js');
    emulator = await startEmulator(config, host, validate ? 0 : port);
  } catch (e) {
    emulatorFailed(e);
    throw e;
  }
  if (!proxyStart) {
    config.publicUrl = emulator.url;
    log(`stateful emulator at ${emulator.url} (data in ${dataDir})`);
    return { url: emulator.url, token, dataDir, emulatorUrl: emulator.url, close: emulator.close };
  }
  emulatorUrl(emulator.url);
  let proxy: PrismThread;
  try {
    proxy = await proxyStart;
  } catch (e) {
    await emulator.close();
    throw e;
  }
  config.publicUrl = proxy.url;
  log(`stateful emulator at ${proxy.url}, validated by Prism against ${specPath} (data in ${dataDir})`);
  return {
    url: proxy.url,
    token,
    dataDir,
    emulatorUrl: emulator.url,
    async close() {
      await proxy.close();
      await emulator.close();
    },
  };
}
