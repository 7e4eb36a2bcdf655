import { copyFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { devNull } from 'node:os';
import { basename, join } from 'node:path';
import { metadataAdd } from '@bytecodealliance/jco-transpile/wasm-tools';
import { initSync, parse } from 'es-module-lexer';
import { snapshot } from '../../snapshot/v8/index.js';
import { formatError } from '../../snapshot/v8/wizer-cli.js';
import type { EngineBuildInput } from '../../wit-dylib/adapter.js';
import { fixBindings } from './bindings-fix.js';
import { pinClockConstants } from './clock-stubs.js';
import { componentFromCore, componentFromTemplate } from './component-new.js';
import { ALL_FEATURES, componentizeParts, type Feature } from './componentize-parts.js';
import type { SnapshotPins } from './pinned-snapshot.js';
import { type SplicedEngine, splicedEngine } from './splice-memo.js';

/** The export that runs StarlingMonkey's init, and the one that says whether it went well. */
const INIT_FUNC = 'componentize.wizer';
const CHECK_INIT_MESSAGES: Record<number, string> = {
  1: 'Unable to extract expected exports list',
  2: 'Unable to parse the core ABI export types',
};

/**
 * A StarlingMonkey component from componentize-js's parts, as its `componentize()` makes one, with
 * our snapshotter and without what it does twice or keeps of the build machine:
 * - `splice`: the bindings spliced into the engine, and `stubWasi` run on that, memoized by engine,
 *   world and features (splice-memo.ts): neither depends on the JavaScript.
 * - `snapshot`: the init runs in this process (snapshot/v8) in the spliced engine, its state is
 *   written into the stubbed one, and `check_init` is asked on the same instance (componentize-js
 *   compiles and instantiates the snapshot once more for it). The guest sees its files under `/`
 *   only, so no host path reaches the snapshot; clock and randomness are pinned.
 * - `component`: the core module wrapped with the preview1 adapter (swapped into the component
 *   made with the splice, component-new.ts), and its producers metadata.
 */
export async function buildOwn(input: EngineBuildInput, witPath: string, pins: SnapshotPins): Promise<Uint8Array> {
  input.onStep?.('splice');
  const parts = await componentizeParts();
  const code = await readFile(input.bundlePath, 'utf8');
  const features = featuresFor(input, code);
  const engine = await splicedEngine(parts, { witPath, world: input.world, features, memoDir: input.memoDir });

  input.onStep?.('snapshot');
  const core = await initialize(input, engine, features, pins);

  input.onStep?.('component');
  const component =
    (engine.template && componentFromTemplate(core, engine.template)) ??
    (await componentFromCore(core, parts.adapterPath));
  return metadataAdd(component, [
    ['language', [['JavaScript', '']]],
    ['processed-by', [['ComponentizeJS', parts.version]]],
  ]);
}

/**
 * The features the engine is spliced with: all but the disabled ones, and, as componentize-js
 * decides, no `fetch-event` when the module exports its own `incomingHandler`.
 */
function featuresFor(input: EngineBuildInput, code: string): Feature[] {
  const disabled = new Set<string>(input.disable.all ? ALL_FEATURES : input.disable.features);
  const features = new Set(ALL_FEATURES.filter((f) => !disabled.has(f)));
  if (features.has('http') && exportsIncomingHandler(code)) features.delete('fetch-event');
  return [...features];
}

function exportsIncomingHandler(code: string): boolean {
  initSync();
  const [, exported] = parse(code);
  return exported.some((e) => e.n === 'incomingHandler');
}

/** Runs the init and takes the snapshot; the guest's stderr goes into the error when it fails. */
async function initialize(
  input: EngineBuildInput,
  engine: SplicedEngine,
  features: Feature[],
  pins: SnapshotPins,
): Promise<Uint8Array> {
  const sourceName = basename(input.bundlePath);
  // The bindings beside the source, under a name the source cannot have.
  const bindingsName = sourceName === 'initializer.js' ? 'initializer.bindings.js' : 'initializer.js';
  const root = join(input.workDir, 'starlingmonkey-init');
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  await copyFile(input.bundlePath, join(root, sourceName));
  await writeFile(join(root, bindingsName), fixBindings(engine.jsBindings));
  const stderrPath = join(input.workDir, 'starlingmonkey-init.stderr');
  const stderr = await open(stderrPath, 'w');
  const stdout = await open(devNull, 'w');
  let checkStatus = 0;
  try {
    return await snapshot(engine.wasm, {
      initFunc: INIT_FUNC,
      checked: true,
      target: pinClockConstants(engine.stubbed, engine.clockConstants, pins.clockEpochNs),
      allowWasi: true,
      mapDirs: [['/', root]],
      env: initEnv(engine, sourceName, features),
      // The runtime's arguments, which componentize-js's engine reads from stdin.
      stdin: new TextEncoder().encode(`--initializer-script-path /${bindingsName} --strip-path-prefix / ${sourceName}`),
      clockEpochNs: pins.clockEpochNs,
      randomSeed: pins.randomSeed,
      outputFds: { stdout: stdout.fd, stderr: stderr.fd },
      inspect: (instance) => {
        checkStatus = (instance.exports.check_init as () => number)();
      },
    }).then((core) => {
      if (checkStatus === 0) return core;
      throw new Error(CHECK_INIT_MESSAGES[checkStatus] ?? `Unknown error during initialization: ${checkStatus}`);
    });
  } catch (error) {
    const guest = (await readFile(stderrPath, 'utf8').catch(() => '')).replaceAll(`/${bindingsName}`, 'bindings');
    // As componentize-js words it: the guest's own report; Wasmtime's trap only when it has none.
    const exited = /Exited with i32 exit status/.test(formatError(error));
    const detail = exited && guest.trim() ? guest.trim() : `${guest}${formatError(error)}`.trim();
    throw new Error(`Failed to initialize component (snapshot):\n${detail}`, { cause: error });
  } finally {
    await stderr.close();
    await stdout.close();
  }
}

/** The environment componentize-js gives the init: the export and import tables of the splice, and the features it reads. */
function initEnv(engine: SplicedEngine, sourceName: string, features: Feature[]): Record<string, string> {
  const env: Record<string, string> = {
    DEBUG: '',
    SOURCE_NAME: sourceName,
    EXPORT_CNT: String(engine.exports.length),
    FEATURE_CLOCKS: features.includes('clocks') ? '1' : '',
  };
  engine.exports.forEach(([name, fn], i) => {
    env[`EXPORT${i}_NAME`] = name;
    env[`EXPORT${i}_ARGS`] = (fn.paramptr ? '*' : '') + fn.params.join(',');
    env[`EXPORT${i}_RET`] = (fn.retptr ? '*' : '') + (fn.ret ?? '');
    env[`EXPORT${i}_RETSIZE`] = String(fn.retsize);
  });
  engine.imports.forEach(([, name, argCount], i) => {
    env[`IMPORT${i}_NAME`] = name;
    env[`IMPORT${i}_ARGCNT`] = String(argCount);
  });
  env.IMPORT_CNT = String(engine.imports.length);
  return env;
}
