import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';
import { startServing } from './helpers/serve.js';

/*
 * The engines agree on what user code may do (issue 32): the `wxsi:` stand-in of the QuickJS
 * HTTP build never leaks into the code's imports, and top-level `Math.random()` builds on
 * StarlingMonkey as on QuickJS. One StarlingMonkey build (~20 s, ~800 MB), in beforeAll.
 */

describe('QuickJS: an HTTP handler reading process.env', () => {
  test('builds (no "wxsi:" import left to resolve) and answers', async () => {
    const dir = await scratchDir();
    const app = join(dir, 'app.ts');
    await writeFile(
      app,
      "export default {\n  async fetch(request: Request): Promise<Response> {\n    return new Response(`home=${process.env.HOME ?? 'none'}`);\n  },\n};\n",
    );
    const out = join(dir, 'app.wasm');
    const r = await runCli([app, '--wit', 'wasi:http/proxy', '-o', out, '--engine', 'quickjs']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('wxsi:');
    const server = await startServing(out);
    try {
      const response = await fetch(`${server.origin}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^home=/);
    } finally {
      await server.stop();
    }
  });
});

describe('StarlingMonkey: Math.random() in top-level code', () => {
  let built: { exitCode: number | undefined; stderr: string; out: string };
  beforeAll(async () => {
    const dir = await scratchDir();
    const app = join(dir, 'app.ts');
    await writeFile(
      app,
      'const atBuild = Math.random();\nexport function greet(name: string): string { return `${name}|${atBuild}|${Math.random()}`; }\n',
    );
    const out = join(dir, 'app.wasm');
    const r = await runCli([
      app,
      '--wit',
      join(FIXTURES, 'hello', 'world.wit'),
      '-o',
      out,
      '--engine',
      'starlingmonkey',
    ]);
    built = { exitCode: r.exitCode, stderr: r.stderr, out };
  });

  test('builds, with the same warning as on QuickJS', () => {
    expect(built.exitCode, built.stderr).toBe(0);
    expect(built.stderr).toContain('warning[FROZEN_AT_BUILD]: `Math.random()` runs in top-level code');
  });

  test("top-level code's value is frozen in the snapshot; calls draw from the engine's per-instance generator", async () => {
    const call = async () => {
      const r = await runCli(['run', built.out, '--invoke', 'greet("x")']);
      expect(r.exitCode, r.stderr).toBe(0);
      const [, atBuild, atRun] = JSON.parse(r.stdout).split('|');
      return { atBuild: Number(atBuild), atRun: Number(atRun) };
    };
    const [a, b] = [await call(), await call()];
    expect(a.atBuild).toBe(b.atBuild);
    expect(a.atBuild).toBeGreaterThanOrEqual(0);
    expect(a.atBuild).toBeLessThan(1);
    expect(a.atRun).not.toBe(b.atRun);
  });
});
