// Copies what tsc does not emit: the monorepo's openapi/dhuo.yaml (so the published package finds its
// spec) and the plain-JS Prism worker.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const spec = fileURLToPath(new URL('../../../openapi/dhuo.yaml', import.meta.url));
if (existsSync(spec)) {
  mkdirSync(pkg('openapi'), { recursive: true });
  cpSync(spec, pkg('openapi/dhuo.yaml'));
}
mkdirSync(pkg('dist/prism'), { recursive: true });
cpSync(pkg('src/prism/prism-worker.cjs'), pkg('dist/prism/prism-worker.cjs'));
