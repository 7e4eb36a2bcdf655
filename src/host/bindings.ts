/**
 * jco's bindings for a component in jco's instantiation mode: JavaScript that imports nothing and
 * exports `instantiate(getCoreModule, imports)`, plus the files it asks `getCoreModule` for (the
 * core modules). They come from jco or, for a component whose shape (run/component-shape.ts) was
 * seen before, from the memo. jco is given a placeholder for each import target, so the
 * JavaScript reads `imports['componentize-import:<i>']` whatever the real target (a per-build
 * file) is: neither its text nor the key depends on them. A hit takes jco's JavaScript and
 * generated files from the memo and the core modules from this component: they are all of a
 * component that jco's output embeds no part of. jco (and the Wasm tools it loads, ~150 MB) is
 * only loaded on a miss.
 */
import { createHash } from 'node:crypto';
import { sha256 } from '../store/fingerprint.js';
import { packageVersion } from '../toolchain/package-version.js';
import {
  type MemoEntry,
  type MemoFile,
  memoJs,
  readMemoEntry,
  readWorldHint,
  writeMemoEntry,
  writeMemoJs,
  writeWorldHint,
} from './bindings-memo.js';
import { mapCoreModules, reduceCoreModule } from './component-shape.js';
import { fixAsyncImportResults } from './jco-async-results.js';

/** Bump when what is stored, or how jco is called, changes: old entries are then never read. */
const MEMO_FORMAT = 3;
const NAME = 'component';
/** The key under which jco's JavaScript reads the object of import target `i`: `${PLACEHOLDER}${i}`. */
export const PLACEHOLDER = 'componentize-import:';

/** jco's instantiation modes: `instantiate(getCoreModule, imports)` resolves to the instance (`async`), or returns it (`sync`, the core modules compiled beforehand). */
export type InstantiationMode = 'async' | 'sync';

export interface BindingsMemo {
  /** The memo directory (`memoDir` of the options). */
  dir: string;
  /**
   * Names the world and engine the component was built for, to leave a hint for the next build
   * of it (`readWorldHint`): a hit where this one was a hit or the world's first entry was stored.
   */
  world?: string | undefined;
}

export interface Bindings {
  /** jco's JavaScript (instantiation mode). */
  js: string;
  /**
   * The memo's copy of `js`, at a path that is the same for every component of this shape: V8's
   * code cache (enabled by the CLI) then applies to it, and no per-build copy piles up in that
   * cache. Undefined where there is no memo, or it cannot be written.
   */
  jsPath: string | undefined;
  /** The files `getCoreModule` is asked for, by name: the core modules, and modules jco generated. */
  files: Record<string, Uint8Array>;
  /** The import keys the JavaScript reads: a placeholder per map target (see `PLACEHOLDER`), or an unmapped interface. */
  imports: string[];
  /** `memo`: jco did not run. */
  from: 'memo' | 'transpiled';
  ms: number;
}

/**
 * jco's bindings for `component`, its imports resolved by `map` (WIT interface pattern → module
 * specifier, as jco's `map` option, a `#` fragment naming the export; see `jcoOptions`).
 * `instantiation`: jco's mode; `sync` takes the core modules compiled and returns the instance.
 */
export async function componentBindings(
  component: Uint8Array,
  map: Record<string, string>,
  memo?: BindingsMemo,
  instantiation: InstantiationMode = 'async',
): Promise<Bindings> {
  const start = performance.now();
  const { options } = jcoOptions(map, instantiation);
  const shape = memo ? await shapeKey(component, options) : undefined;
  if (memo && shape) {
    const entry = await readMemoEntry(memo.dir, shape.key);
    const files = entry && filesOf(entry, shape.modules);
    const js = files && (await memoJs(memo.dir, shape.key, entry.jsSha256));
    if (js) {
      if (memo.world) await writeWorldHint(memo.dir, memo.world, 'hit');
      return { ...js, files, imports: entry.imports, from: 'memo', ms: performance.now() - start };
    }
  }
  const { transpileBytes } = await import('@bytecodealliance/jco-transpile');
  // A copy: jco replaces `map` of the options it is given.
  const { files: output, imports } = await transpileBytes(component, { ...options });
  // jco's JavaScript as it should be (jco-async-results.ts); the memo stores it so.
  const js = fixAsyncImportResults(new TextDecoder().decode(output[`${NAME}.js`]));
  const files = Object.fromEntries(Object.entries(output).filter(([name]) => name !== `${NAME}.js`));
  let jsPath: string | undefined;
  if (memo) {
    const entry = shape && entryOf(files, imports, shape.modules, sha256(js));
    jsPath = shape && entry ? await writeMemoJs(memo.dir, shape.key, js) : undefined;
    const stored = shape && entry && jsPath ? await writeMemoEntry(memo.dir, shape.key, entry) : false;
    // A world whose builds keep changing shape (code generated per build) gets "miss" after its second.
    if (memo.world)
      await writeWorldHint(
        memo.dir,
        memo.world,
        stored && (await readWorldHint(memo.dir, memo.world)) === undefined ? 'hit' : 'miss',
      );
  }
  return { js, jsPath, files, imports, from: 'transpiled', ms: performance.now() - start };
}

/**
 * The options jco is called with: instantiation mode (the JavaScript imports nothing: the caller
 * hands it the core modules and every import as objects), the map with a placeholder for each
 * target, every core module in a file of its own (not inlined as base64: then the JavaScript
 * would embed its code), no TypeScript declarations. `real` holds the specifier each placeholder
 * stands for, without its fragment.
 */
export function jcoOptions(
  map: Record<string, string>,
  instantiation: InstantiationMode = 'async',
): {
  options: {
    name: string;
    instantiation: InstantiationMode;
    map: Record<string, string>;
    base64Cutoff: number;
    emitTypescriptDeclarations: boolean;
  };
  real: string[];
} {
  const targets = Object.entries(map);
  const placeholders = Object.fromEntries(
    targets.map(([pattern, target], i) => [
      pattern,
      `${PLACEHOLDER}${i}${target.includes('#') ? target.slice(target.indexOf('#')) : ''}`,
    ]),
  );
  const real = targets.map(([, target]) => target.replace(/#.*$/, ''));
  return {
    options: { name: NAME, instantiation, map: placeholders, base64Cutoff: 0, emitTypescriptDeclarations: false },
    real,
  };
}

/** The memo key of a component's shape under these options, and its core modules; undefined for a component we cannot read. */
export async function shapeKey(
  component: Uint8Array,
  options: object,
): Promise<{ key: string; modules: Uint8Array[] } | undefined> {
  const modules: Uint8Array[] = [];
  let shape: Uint8Array;
  try {
    shape = mapCoreModules(component, (module) => {
      modules.push(module);
      return reduceCoreModule(module);
    });
  } catch {
    return undefined;
  }
  const hash = createHash('sha256')
    .update(
      JSON.stringify({ format: MEMO_FORMAT, jco: await packageVersion('@bytecodealliance/jco-transpile'), options }),
    )
    .update('\0')
    .update(shape);
  return { key: hash.digest('hex'), modules };
}

/**
 * jco's output as a memo entry: each core module file must be this component's module of that
 * number, unchanged, and every module must be such a file. Otherwise (jco inlined one into the
 * JavaScript, or rewrote one: it removes multiple memories) the output depends on a module's
 * code, and the component is not memoized. The JavaScript is stored beside it (`writeMemoJs`).
 */
function entryOf(
  files: Record<string, Uint8Array>,
  imports: string[],
  modules: readonly Uint8Array[],
  jsSha256: string,
): MemoEntry | undefined {
  const entryFiles: MemoFile[] = [];
  const seen = new Set<number>();
  for (const [name, bytes] of Object.entries(files)) {
    const index = coreFileIndex(name);
    if (index !== undefined && index < modules.length) {
      if (seen.has(index) || !Buffer.from(bytes).equals(modules[index]!)) return undefined;
      seen.add(index);
      entryFiles.push({ name, module: index });
    } else {
      // Modules jco generates from the component's types (adapters between nested components).
      entryFiles.push({ name, base64: Buffer.from(bytes).toString('base64') });
    }
  }
  if (seen.size !== modules.length) return undefined;
  return { imports, modules: modules.length, files: entryFiles, jsSha256 };
}

/** `component.core.wasm` → 0, `component.core2.wasm` → 1: jco's names of the core modules, by number. */
function coreFileIndex(name: string): number | undefined {
  const match = new RegExp(`^${NAME}\\.core(\\d*)\\.wasm$`).exec(name);
  if (!match) return undefined;
  return match[1] ? Number(match[1]) - 1 : 0;
}

/** The files of a memo entry with this component's core modules; undefined if the entry does not fit it. */
function filesOf(entry: MemoEntry, modules: readonly Uint8Array[]): Record<string, Uint8Array> | undefined {
  if (entry.modules !== modules.length) return undefined;
  const files: Record<string, Uint8Array> = {};
  for (const file of entry.files) {
    if ('module' in file) {
      const module = modules[file.module];
      if (!module) return undefined;
      files[file.name] = module;
    } else {
      files[file.name] = Buffer.from(file.base64, 'base64');
    }
  }
  return files;
}
