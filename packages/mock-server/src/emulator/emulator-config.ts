/** Resolved settings of a running emulator. */
export interface EmulatorConfig {
  /** Where state.json and every file live (absolute). */
  dataDir: string;
  /** The one token accepted. */
  token: string;
  /** The URL clients use (the validating proxy's when there is one); given to batch scripts. */
  publicUrl: string;
  /** Datalake connection URL given to batch scripts. */
  datalakeUrl: string;
  /** Largest JSON body, in bytes. */
  maxBodyBytes: number;
  /** Largest multipart part (one chunk, or one file of the 0.5.x run form), in bytes. */
  maxChunkBytes: number;
  /** Largest whole uploaded file, in bytes. */
  maxUploadBytes: number;
  /** node_modules given to batch scripts (symlinked into the deploy dir), or null for none. */
  nodeModulesDir: string | null;
  /** Log sink. */
  log: (line: string) => void;
}
