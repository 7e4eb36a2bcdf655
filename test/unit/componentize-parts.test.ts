// Our StarlingMonkey build (src/engines/starlingmonkey/build-own.ts) runs componentize-js's parts
// itself instead of its `componentize()`. These checks pin what it relies on, so an upgrade of
// componentize-js (or jco) that moves or changes one fails here, by name, not in a user's build.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { componentizeParts, PACKAGE, partPaths } from '../../src/engines/starlingmonkey/componentize-parts.js';
import { parseModule } from '../../src/snapshot/v8/module.js';

describe("componentize-js's parts, as build-own.ts uses them", () => {
  test('the version we depend on is the one installed (a new one must be checked against build-own.ts)', async () => {
    const ours = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    const { version } = await componentizeParts();
    expect(version).toBe(ours.dependencies[PACKAGE]);
  });

  test('the engine, the splicer and the preview1 reactor adapter are where we read them', () => {
    for (const path of Object.values(partPaths())) expect(existsSync(path), path).toBe(true);
  });

  test('the splicer exports spliceBindings(engine, features, witWorld, witPath, worldName, debug) and stubWasi(wasm, features, witWorld, witPath, worldName)', async () => {
    const splicer = await (await componentizeParts()).splicer();
    expect(splicer.spliceBindings.length).toBe(6);
    expect(splicer.stubWasi.length).toBe(5);
  });

  test('jco-transpile has the componentNew and metadataAdd we wrap the core module with', async () => {
    const tools = await import('@bytecodealliance/jco-transpile/wasm-tools');
    expect(typeof tools.componentNew).toBe('function');
    expect(typeof tools.metadataAdd).toBe('function');
  });

  test('the engine exports the init and its check, and reads the environment and arguments we give it', async () => {
    const engine = new Uint8Array(await readFile(partPaths().enginePath));
    const exported = parseModule(engine).exports.map((e) => e.name);
    expect(exported).toEqual(expect.arrayContaining(['componentize.wizer', 'check_init', 'cabi_realloc']));
    const text = Buffer.from(engine).toString('latin1');
    for (const name of [
      'EXPORT_CNT',
      'IMPORT_CNT',
      'SOURCE_NAME',
      'FEATURE_CLOCKS',
      '--initializer-script-path',
      '--strip-path-prefix',
    ])
      expect(text, name).toContain(name);
  });

  test('componentize() still does what build-own.ts does in its place (review build-own.ts when this changes)', async () => {
    const source = await readFile(fileURLToPath(import.meta.resolve(PACKAGE)), 'utf8');
    for (const step of [
      "export const DEFAULT_FEATURES = ['stdio', 'random', 'clocks', 'http', 'fetch-event'];",
      "detectedExports.has('incomingHandler')",
      'splicer.spliceBindings(',
      "'--init-func',\n        'componentize.wizer',",
      '`--initializer-script-path ${initializerPath} --strip-path-prefix ${workspacePrefix}/ ${sourcePath}`',
      'EXPORT_CNT: exports.length.toString(),',
      "FEATURE_CLOCKS: features.has('clocks') ? '1' : '',",
      "env[`EXPORT${idx}_ARGS`] =\n      (expt.paramptr ? '*' : '') + expt.params.join(',');",
      "env[`EXPORT${idx}_RET`] = (expt.retptr ? '*' : '') + (expt.ret || '');",
      'env[`IMPORT${i}_ARGCNT`] = String(imports[i][2]);',
      'check_init',
      'const finalBin = splicer.stubWasi(',
      'wasi_snapshot_preview1: await readFile(preview2Adapter),',
      "'processed-by': [['ComponentizeJS', version]],",
    ])
      expect(source, step).toContain(step);
  });
});
