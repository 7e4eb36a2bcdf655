import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Fixture } from './build-fixture.js';
import { OUT_DIR } from './build-fixture.js';
// @ts-expect-error plain JS helper shared with the invoke subprocess
import { decode, encode } from './values.mjs';

const INVOKE = new URL('./invoke.mjs', import.meta.url).pathname;

export interface CallResult {
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Instantiates the component in a fresh Node process and makes the fixture's calls in order. */
export async function invokeFixture(fixture: Fixture, component: string) {
  const tag = component.split('/').at(-1);
  const specPath = join(OUT_DIR, `${tag}.spec.json`);
  const resultsPath = join(OUT_DIR, `${tag}.results.json`);
  const hostModules = Object.fromEntries(
    Object.entries(fixture.spec.hostModules ?? {}).map(([iface, file]) => [iface, join(fixture.dir, file)]),
  );
  await writeFile(
    specPath,
    JSON.stringify(encode({ hostModules, calls: fixture.spec.calls.map(({ fn, args, as }) => ({ fn, args, as })) })),
  );
  const run = await execa(process.execPath, [INVOKE, component, specPath, resultsPath], {
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
  });
  const results: CallResult[] = run.exitCode === 0 ? decode(JSON.parse(await readFile(resultsPath, 'utf8'))) : [];
  return { run, results };
}
