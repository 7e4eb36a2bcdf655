import { mkdtempSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type Result } from 'execa';
import { afterAll } from 'vitest';
import type { FixtureSpec } from './fixture.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CLI = join(ROOT, 'dist/cli.js');
export const FIXTURES = join(ROOT, 'fixtures');
/** One scratch directory per test file, removed when the file's tests are done. */
export const OUT_DIR = mkdtempSync(join(tmpdir(), 'componentize-test-'));
afterAll(() => rm(OUT_DIR, { recursive: true, force: true }));
// Each test file gets an empty build cache of its own (inherited by the CLIs it runs): its builds
// really run the engine, and no test sees another's entries or the developer's.
process.env.COMPONENTIZE_CACHE_DIR = join(OUT_DIR, 'cache');

/** A fresh empty directory inside this file's scratch directory. */
export function scratchDir(): Promise<string> {
  return mkdtemp(join(OUT_DIR, 'case-'));
}

export interface Fixture {
  name: string;
  dir: string;
  spec: FixtureSpec;
}

/** Every fixture directory that has an `expect.ts`. */
export async function loadFixtures(): Promise<Fixture[]> {
  const names = (await readdir(FIXTURES)).sort();
  const fixtures: Fixture[] = [];
  for (const name of names) {
    const dir = join(FIXTURES, name);
    const expectFile = join(dir, 'expect.ts');
    if (!(await stat(expectFile).catch(() => undefined))) continue;
    const spec = ((await import(expectFile)) as { default: FixtureSpec }).default;
    fixtures.push({ name, dir, spec });
  }
  return fixtures;
}

/** Runs the built CLI the way a user does. Never throws on a non-zero exit: tests assert it. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Result<{ reject: false }>> {
  return execa(process.execPath, [CLI, ...args], {
    reject: false,
    cwd: options.cwd ?? ROOT,
    env: { CI: 'true', GITHUB_ACTIONS: '', ...options.env },
    stdin: 'ignore',
  });
}

export interface FixtureBuild {
  out: string;
  result: Result<{ reject: false }>;
  /** The parsed `--json` report. */
  report: Record<string, any>;
}

export async function buildFixture(
  fixture: Fixture,
  engine: string,
  extraArgs: string[] = [],
  tag = '',
): Promise<FixtureBuild> {
  const out = join(OUT_DIR, `${fixture.name}.${engine}${tag ? `.${tag}` : ''}.wasm`);
  const args = [
    join(fixture.dir, fixture.spec.entry ?? 'app.ts'),
    '--wit',
    join(fixture.dir, fixture.spec.wit ?? 'world.wit'),
    '--engine',
    engine,
    '-o',
    out,
    '--json',
    ...(fixture.spec.world ? ['--world', fixture.spec.world] : []),
    ...extraArgs,
  ];
  const result = await runCli(args);
  return { out, result, report: JSON.parse(result.stdout || '{}') };
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

/**
 * The CLI in a Node that cannot run components, as Node 20 (builds work there, components do not
 * run): this Node with `WebAssembly.Suspending` removed before anything loads, which is what
 * componentize tests for. `cwd` and `PATH` decide which other Node it can find.
 */
export function runCliWithoutJspi(
  args: string[],
  options: { cwd: string; path: string },
): Promise<Result<{ reject: false }>> {
  return execa(process.execPath, ['--import', 'data:text/javascript,delete WebAssembly.Suspending', CLI, ...args], {
    reject: false,
    cwd: options.cwd,
    env: { CI: 'true', GITHUB_ACTIONS: '', PATH: options.path },
    extendEnv: true,
    stdin: 'ignore',
  });
}
