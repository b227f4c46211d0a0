import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How a deployed script is started, or why it cannot be. */
export type ScriptCommand = { command: string; args: string[] } | { error: string };

let python: string | null | undefined;

/** `python3` when it runs here, else null (checked once). */
export function findPython(): string | null {
  if (python === undefined) {
    const r = spawnSync('python3', ['--version'], { stdio: 'ignore', timeout: 5000 });
    python = r.status === 0 ? 'python3' : null;
  }
  return python;
}

function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('tsx')).href;
}

/** The command for a script by its extension: .ts/.js/.mjs with node (+tsx), .py with python3. */
export function scriptCommand(script: string, memoryMb: number, args: string[]): ScriptCommand {
  const ext = extname(script).toLowerCase();
  const heap = `--max-old-space-size=${memoryMb}`;
  if (ext === '.ts') {
    return {
      command: process.execPath,
      args: [heap, '--conditions=source', '--import', tsxLoaderUrl(), script, ...args],
    };
  }
  if (ext === '.js' || ext === '.mjs') return { command: process.execPath, args: [heap, script, ...args] };
  if (ext === '.py') {
    const py = findPython();
    if (!py)
      return {
        error:
          'python3 was not found on PATH: the emulator cannot run .py scripts here; deploy a .ts/.js/.mjs script or install python3',
      };
    return { command: py, args: [script, ...args] };
  }
  return { error: `Scripts ending in ${ext || '(no extension)'} cannot run; use .py, .js, .mjs or .ts` };
}
