// Builds a case with one engine through the library (build cache on) and calls it: `run` through
// componentize/test's loadComponent, an HTTP case through serveComponent and real requests.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { componentize } from '../../dist/index.js';
import { loadComponent, serveComponent } from '../../dist/test.js';
import { describeResponse, httpRequest, WORLD } from './cases.mjs';

/**
 * `{ built: false, error }`, or `{ built: true, ms, cache, outputs, error? }` where `outputs` holds
 * the answers up to the first failing call. The output path is fixed per case and engine (under
 * `outDir`), so a rerun's options are identical and the cache's fast path answers without bundling.
 */
export async function buildAndCall(testCase, engine, { root, outDir, cacheDir, cacheMaxBytes }) {
  const started = performance.now();
  const out = join(outDir, `${testCase.name}.${engine}.wasm`);
  await mkdir(outDir, { recursive: true });
  let report;
  try {
    ({ report } = await componentize({
      entry: testCase.entry,
      wit: testCase.http ? 'wasi:http/proxy' : WORLD,
      engine,
      out,
      cwd: root,
      cacheDir,
      cacheMaxBytes,
    }));
  } catch (error) {
    return { built: false, error: describeError(error) };
  }
  const result = { built: true, ms: performance.now() - started, cache: report.cache.status, outputs: [] };
  const options = { cwd: root, cacheDir };
  try {
    if (testCase.http) await callServed(out, testCase.inputs, options, result.outputs);
    else {
      const app = await loadComponent(out, options);
      // After a trap the instance cannot be entered again: the first failing input ends the row.
      for (const input of testCase.inputs) result.outputs.push(app.run(input));
    }
  } catch (error) {
    result.error = describeError(error);
  }
  return result;
}

async function callServed(wasm, inputs, options, outputs) {
  const server = await serveComponent(wasm, options);
  try {
    for (const input of inputs) outputs.push(await describeResponse(await fetch(...httpRequest(input, server.url))));
    // A failing handler is answered with a 500 (which then differs from Node): the guest's own
    // message is in the server's log, and it is the row's error.
    const failure = server.log.find((entry) => entry.kind === 'error');
    if (failure) throw new Error(`the handler failed on ${failure.method} ${failure.path}: ${failure.message}`);
  } finally {
    await server.close();
  }
}

// Lines of a QuickJS trap's Rust panic report that say nothing about the guest's error.
const PANIC_NOISE = /^(thread '.*' \(\d+\) panicked at|stack backtrace:|note: Some details are omitted)/;

/** A ComponentizeError as `CODE: message` (first lines), anything else by its message. */
export function describeError(error) {
  const text = `${error?.code ? `${error.code}: ` : ''}${error?.message ?? String(error)}`;
  return text
    .split('\n')
    .filter((line) => !PANIC_NOISE.test(line.trim()))
    .slice(0, 6)
    .join('\n');
}
