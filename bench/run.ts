// Runs every benchmark under bench/<area>/index.ts, each in its own process (so peak-RSS figures
// are not polluted by the others), or only the areas named on the command line:
//   npm run bench                 # all
//   npm run bench -- repository   # one area
// Each benchmark prints its figures as ratios against a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const known = readdirSync(root).filter((name) => existsSync(join(root, name, 'index.ts')));
const areas = known.filter((name) => wanted.length === 0 || wanted.includes(name)).sort();

if (areas.length === 0) {
  console.error(`No benchmark matches "${wanted.join(' ')}"; known: ${known.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const area of areas) {
  console.log(`\n## bench/${area}`);
  const run = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--expose-gc', join(root, area, 'index.ts')],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) {
    failed += 1;
    console.error(`bench/${area} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
