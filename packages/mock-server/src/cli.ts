#!/usr/bin/env node
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startMockServer } from './start-mock-server.js';

const HELP = `dhuolib-mock — an offline Dhuo service

Usage: dhuolib-mock [--mode stateful|static] [--port 8000] [--host 127.0.0.1]
                    [--data-dir ./.dhuolib/emulator] [--validate | --no-validate]
                    [--token TOKEN] [--datalake-url URL] [--spec openapi/dhuo.yaml] [--quiet]

  --mode        stateful (the emulator, default) or static (Prism serving the spec's examples)
  --port        port to listen on (default 8000; 0 picks a free one)
  --validate    put Prism's validation in front of the emulator (default off outside tests)
  --token       the accepted token (default $DHUO_TOKEN, else a printed development token)
`;

/** Runs the CLI with `argv` (without node and script). */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      mode: { type: 'string', default: 'stateful' },
      port: { type: 'string', default: '8000' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      validate: { type: 'boolean' },
      'no-validate': { type: 'boolean' },
      token: { type: 'string' },
      'datalake-url': { type: 'string' },
      spec: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const mode = values.mode;
  if (mode !== 'stateful' && mode !== 'static')
    throw new Error(`--mode must be stateful or static, got ${mode}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  const server = await startMockServer({
    mode,
    port,
    host: values.host,
    dataDir: values['data-dir'],
    validate: values['no-validate'] ? false : values.validate,
    token: values.token,
    datalakeUrl: values['datalake-url'],
    specPath: values.spec,
    log: values.quiet ? false : undefined,
  });
  process.stdout.write(`dhuolib-mock ${mode} listening on ${server.url}\n`);
  if (values.quiet && !values.token && !process.env.DHUO_TOKEN) {
    // --quiet silences the log, where the generated development token is printed: print it here.
    process.stdout.write(`token: ${server.token}\n`);
  }
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invoked = process.argv[1] ?? '';
// Run directly (a path, spaces and all) or through the npm bin link `dhuolib-mock`.
if (import.meta.url === pathToFileURL(invoked).href || /dhuolib-mock$/.test(invoked)) {
  main().catch((e: unknown) => {
    process.stderr.write(`dhuolib-mock: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
