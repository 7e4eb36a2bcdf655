import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'acorn';
import { afterAll, describe, expect, test } from 'vitest';

const MODULE = new URL('../dist/js/acorn-code-cache.js', import.meta.url).href;
const CODE =
  'import { a } from "x";\nexport function greet(name) { return `Hello, ${name}!` + a; }\nclass Y extends Z { #p = 1; get q() { return this.#p; } }\n';
const scratch = await mkdtemp(join(tmpdir(), 'componentize-acorn-cache-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A Node of its own with (or without) a compile cache directory: loads acorn, parses CODE, and prints the cache's status and the tree once the turn is over. */
function child(compileCache: string | undefined): { cache: string; program: unknown } {
  const script = `const m = await import(${JSON.stringify(MODULE)});
const program = m.acorn().parse(${JSON.stringify(CODE)}, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
m.acornParsed();
setImmediate(() => setImmediate(() => console.log(JSON.stringify({ cache: m.acornCodeCache(), program }))));`;
  const env = { ...process.env };
  delete env.NODE_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  if (compileCache) env.NODE_COMPILE_CACHE = compileCache;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' }),
  ) as { cache: string; program: unknown };
}

/** Our file in Node's versioned compile cache directory. */
async function cacheFile(dir: string): Promise<string> {
  const [version] = await readdir(dir);
  const ours = (await readdir(join(dir, version!))).filter((name) => name.startsWith('componentize-acorn-'));
  expect(ours).toHaveLength(1);
  return join(dir, version!, ours[0]!);
}

describe("acorn with V8's code cache of its parser", () => {
  test('the first process writes the cache after its first parse, the next one runs on it, and both parse as acorn does', async () => {
    const dir = join(scratch, 'fresh');
    const first = child(dir);
    expect(first.cache).toBe('absent');
    await cacheFile(dir);
    const second = child(dir);
    expect(second.cache).toBe('accepted');
    const reference = JSON.parse(
      JSON.stringify(parse(CODE, { ecmaVersion: 'latest', sourceType: 'module', locations: true })),
    );
    expect(first.program).toEqual(reference);
    expect(second.program).toEqual(reference);
  });

  test('a damaged file is not handed to V8, and one V8 does not take is replaced: the next process runs on the new one', async () => {
    const dir = join(scratch, 'damaged');
    child(dir);
    const file = await cacheFile(dir);
    const bytes = await readFile(file);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(file, bytes);
    expect(child(dir).cache).toBe('absent');
    expect(child(dir).cache).toBe('accepted');
    // Whole, but not a code cache of this source: V8 refuses it.
    const { createHash } = await import('node:crypto');
    const junk = Buffer.alloc(4096, 7);
    await writeFile(file, Buffer.concat([createHash('sha256').update(junk).digest(), junk]));
    expect(child(dir).cache).toBe('rejected');
    expect(child(dir).cache).toBe('accepted');
  });

  test("without Node's compile cache acorn loads as usual and nothing is written", () => {
    const result = child(undefined);
    expect(result.cache).toBe('off');
    expect(result.program).toEqual(
      JSON.parse(JSON.stringify(parse(CODE, { ecmaVersion: 'latest', sourceType: 'module', locations: true }))),
    );
  });
});
