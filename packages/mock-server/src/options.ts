/** Options of `startMockServer` (and the `dhuolib-mock` CLI). */
export interface MockServerOptions {
  /** `static`: Prism serving the spec's examples; `stateful`: the local Dhuo emulator. */
  mode: 'static' | 'stateful';
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Host to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Where the emulator keeps its state and files; default `./.dhuolib/emulator`. */
  dataDir?: string;
  /**
   * Put Prism's validation in front of the emulator (stateful only). Default: true under tests
   * (`NODE_ENV=test` or `VITEST` set), else false.
   */
  validate?: boolean;
  /** The accepted token; default env `DHUO_TOKEN`, else a random development token printed once. */
  token?: string;
  /** Datalake URL given to batch scripts; default env `DHUO_DATABASE_URL`, else sqlite under ./.dhuolib. */
  datalakeUrl?: string;
  /** Log sink (default: console.error lines prefixed `[dhuolib-mock]`); false for silence. */
  log?: ((line: string) => void) | false;
  /** Largest JSON body in bytes; default 16 MiB. */
  maxBodyBytes?: number;
  /** Largest multipart part (one chunk or one file) in bytes; default 64 MiB. */
  maxChunkBytes?: number;
  /** Largest whole uploaded file in bytes; default 2 GiB. */
  maxUploadBytes?: number;
  /** node_modules linked into deploy dirs so scripts resolve packages; default: found walking up from cwd. */
  nodeModulesDir?: string | null;
  /** The OpenAPI file; default: the package's copy or the monorepo's openapi/dhuo.yaml. */
  specPath?: string;
}

/** A running mock server. */
export interface MockServer {
  /** The service endpoint without `/api` (clients append the spec's paths). */
  url: string;
  /** The token to send (`X-Dhuo-Access-Key` or `Authorization: Bearer`). */
  token: string;
  /** The emulator's data directory (absolute; static mode: resolved but unused). */
  dataDir: string;
  /** The emulator's own URL (stateful with validation: behind the proxy); equals `url` otherwise. */
  emulatorUrl: string;
  /** Stops the servers, timers and running scripts. */
  close(): Promise<void>;
}
