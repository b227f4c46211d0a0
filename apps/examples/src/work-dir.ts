import { resolve } from 'node:path';

/** Where the examples keep their local files (datalake, emulator state, artifacts): DHUO_DEMO_DIR or ./.dhuolib. */
export function workDir(...parts: string[]): string {
  return resolve(process.env.DHUO_DEMO_DIR ?? '.dhuolib', ...parts);
}
