// Copies the monorepo's openapi/ into the package so the published package finds its spec.
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../../openapi/', import.meta.url));
const to = fileURLToPath(new URL('../openapi/', import.meta.url));
if (existsSync(from)) cpSync(from, to, { recursive: true });
