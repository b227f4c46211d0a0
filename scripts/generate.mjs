// Rebuilds packages/sdk/src/generated/ from openapi/dhuo.yaml.
// With --check it writes nothing and fails when the committed output differs from the spec's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const spec = 'openapi/dhuo.yaml';
const target = 'packages/sdk/src/generated/dhuo.ts';
const check = process.argv.includes('--check');

function generate(out) {
  execFileSync(
    process.execPath,
    ['node_modules/openapi-typescript/bin/cli.js', spec, '--enum-values', '-o', out],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

if (!check) {
  generate(target);
  console.log(`${spec} → ${target}`);
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'dhuo-generated-'));
  try {
    const fresh = join(scratch, 'dhuo.ts');
    generate(fresh);
    const present = readdirSync('packages/sdk/src/generated');
    if (present.join() !== 'dhuo.ts') {
      throw new Error(`packages/sdk/src/generated must hold only dhuo.ts, found: ${present.join(', ')}`);
    }
    if (readFileSync(fresh, 'utf8') !== readFileSync(target, 'utf8')) {
      console.error(`${target} has drifted from ${spec}: run \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${target} matches ${spec}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
