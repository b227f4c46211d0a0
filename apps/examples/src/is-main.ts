import { pathToFileURL } from 'node:url';

/** True when the module at `url` is the program node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}
