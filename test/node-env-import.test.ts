import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bundleEntry } from '../src/bundle/bundle.js';
import { polyfillsFor } from '../src/bundle/globals/polyfills.js';
import { replaceImportedNodeEnv } from '../src/bundle/node-env-imports.js';
import { ENGINES } from '../src/engines/registry.js';
import type { ResolvedOptions } from '../src/options/types.js';
import type { ResolvedWorld } from '../src/wit/load.js';
import { OUT_DIR, runCli } from './helpers/build-fixture.js';

// process.env.NODE_ENV through `import ... from 'node:process'`, replaced at build time like the
// global (src/bundle/node-env-imports.ts).
const DIR = new URL('../fixtures/resolution/', import.meta.url).pathname;
const ENTRY = join(DIR, 'process-import.ts');
const NO_IMPORTS = Promise.resolve({ model: { imports: [] } } as unknown as ResolvedWorld);

async function bundle(extra: Partial<ResolvedOptions>) {
  const engine = ENGINES[0]!;
  const options = {
    cwd: DIR,
    entry: ENTRY,
    minify: false,
    sourcemap: false,
    conditions: [],
    nodeEnv: 'production',
    ...extra,
  } as unknown as ResolvedOptions;
  return bundleEntry(options, polyfillsFor(engine, NO_IMPORTS, false), engine);
}

describe('process.env.NODE_ENV through an import of node:process', () => {
  test('default, named and namespace imports are replaced; a local variable of the same name is not', async () => {
    const { code } = await bundle({});
    const body = code.slice(code.indexOf('function nodeEnv'));
    expect(body).toContain(
      'return [...dev, "production", "production", "production", "production", local({ NODE_ENV: "local" })]',
    );
    expect(body).not.toMatch(/\benv\d*\.NODE_ENV|process\d*\.env/);
    expect(code).toMatch(/=> \w+\.NODE_ENV;/);
  });

  test('the dead branches are gone from a minified bundle, and --node-env keeps the other ones', async () => {
    expect((await bundle({ minify: true })).code).not.toContain('DEV-ONLY');
    const development = (await bundle({ minify: true, nodeEnv: 'development' })).code;
    expect(development).toContain('DEV-ONLY: default import');
    expect(development).toContain('DEV-ONLY: named import');
  });

  test('an assignment to it and code without such an import are left alone', () => {
    expect(
      replaceImportedNodeEnv("import { env } from 'node:process';\nenv.NODE_ENV = 'x';", '"production"'),
    ).toBeUndefined();
    expect(replaceImportedNodeEnv('const env = {};\nexport const v = env.NODE_ENV;', '"production"')).toBeUndefined();
  });

  test('the component returns the build-time value', async () => {
    const out = join(OUT_DIR, 'process-import.wasm');
    const built = await runCli([ENTRY, '--wit', join(DIR, 'process-import.wit'), '-o', out, '--no-verify']);
    expect(built.exitCode, built.stderr).toBe(0);
    const r = await runCli(['run', out, '--invoke', 'node-env()']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('"production production production production local"');
  });
});
