// Copies what tsc does not emit: the monorepo's openapi/ (so the published package finds its
// spec) and the plain-JS Prism worker.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const spec = fileURLToPath(new URL('../../../openapi/', import.meta.url));
if (existsSync(spec)) cpSync(spec, pkg('openapi/'), { recursive: true });
mkdirSync(pkg('dist/prism'), { recursive: true });
cpSync(pkg('src/prism/prism-worker.cjs'), pkg('dist/prism/prism-worker.cjs'));
