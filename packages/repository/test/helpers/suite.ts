import { afterAll, beforeAll, describe, it } from 'vitest';
import { openTarget, REQUIRE_ALL, type TestTarget, testTargets } from './databases.js';

export type Ctx = ReturnType<typeof openTarget>;

const targets = await testTargets();

/**
 * Runs `body` once per database (SQLite, PostgreSQL, MariaDB). An unreachable server is skipped locally
 * and fails the suite in CI.
 */
export function forEachDatabase(title: string, body: (get: () => Ctx, target: TestTarget) => void): void {
  for (const target of targets) {
    describe(`${title} [${target.name}]`, () => {
      if (target.unavailable) {
        if (REQUIRE_ALL)
          it(`${target.name} server is reachable (required in CI)`, () => {
            throw new Error(`${target.name} at ${target.url} is unreachable: ${target.unavailable}`);
          });
        else it.skip(`${target.name} unavailable: ${target.unavailable}`, () => undefined);
        return;
      }
      let ctx: Ctx | undefined;
      beforeAll(() => {
        ctx = openTarget(target);
      });
      afterAll(async () => {
        await ctx?.cleanup();
      });
      body(() => ctx!, target);
    });
  }
}
