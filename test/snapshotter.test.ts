import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

// A program whose snapshot holds more than hello's: a Map (SpiderMonkey's hash seeds decide its
// layout) and a clock reading at the top level, so a snapshot that kept the build's time or
// randomness would differ. (A top-level Math.random() fails a StarlingMonkey build: issue 32.)
const APP = `const table = new Map();
for (let i = 0; i < 2000; i++) table.set('k' + i, { i, s: String(i).repeat(3) });
const builtAt = Date.now();
export function greet(name: string): string {
  return \`Hello, \${name}! \${table.size} \${builtAt > 0}\`;
}
`;

interface Built {
  bytes: Buffer;
  report: Record<string, any>;
  out: string;
}

/** Builds the app with StarlingMonkey in `dir` (cache off: the engine really runs). */
async function build(dir: string, extra: string[] = []): Promise<Built> {
  const out = join(dir, 'out', 'app.wasm');
  const r = await runCli(
    ['app.ts', '--wit', 'world.wit', '--engine', 'starlingmonkey', '--no-cache', '-o', out, '--json', ...extra],
    { cwd: dir },
  );
  expect(r.exitCode, r.stderr).toBe(0);
  return { bytes: await readFile(out), report: JSON.parse(r.stdout), out };
}

async function project(name: string): Promise<string> {
  const dir = join(await scratchDir(), name);
  await mkdir(dir, { recursive: true });
  await cp(join(FIXTURES, 'hello/world.wit'), join(dir, 'world.wit'));

  await writeFile(join(dir, 'app.ts'), APP);
  return dir;
}

describe('StarlingMonkey with our V8 snapshotter (the default)', () => {
  let first: Built;
  let second: Built;
  let reference: Built;
  beforeAll(async () => {
    // Two projects in different directories, built one after the other; then Wizer's build.
    first = await build(await project('one'));
    second = await build(await project('two/deeper'));
    reference = await build(await project('wizer'), ['--snapshotter', 'wizer']);
  });

  test('the same inputs give the same bytes, in another directory and another run', () => {
    expect(first.bytes.length).toBeGreaterThan(1_000_000);
    expect(first.bytes.equals(second.bytes)).toBe(true);
  });

  test('the component keeps no path of the build machine: not the project, not a temporary directory', () => {
    for (const built of [first, second]) {
      const project = dirname(dirname(built.out));
      expect(built.bytes.includes(Buffer.from(project)), project).toBe(false);
      expect(built.bytes.includes(Buffer.from(`${tmpdir()}/componentize`))).toBe(false);
      expect(built.bytes.includes(Buffer.from('/tmp/componentize'))).toBe(false);
    }
    // The reference (componentize-js's own build) does keep its work directory: the check can fail.
    expect(reference.bytes.includes(Buffer.from(`${tmpdir()}/componentize`))).toBe(true);
  });

  test('the report says reproducible, and why', () => {
    expect(first.report.reproducible.value).toBe(true);
    expect(first.report.reproducible.reason).toContain('SOURCE_DATE_EPOCH');
    expect(first.report.wizer).toContain('V8 snapshotter');
    expect(reference.report.reproducible.value).toBe(false);
    expect(reference.report.wizer).toContain('@bytecodealliance/wizer');
  });

  test('the component answers as the one Wizer snapshotted does', async () => {
    const answers = await Promise.all(
      [first, reference].map(async (b) => (await runCli(['run', b.out, '--invoke', 'greet("World")'])).stdout.trim()),
    );
    expect(answers[0]).toBe('"Hello, World! 2000 true"');
    expect(answers[1]).toBe(answers[0]);
  });
});
