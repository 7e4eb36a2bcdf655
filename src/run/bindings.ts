/**
 * jco's bindings for a component (its JavaScript, plus the core module files it loads), from
 * jco or, for a component whose shape (run/component-shape.ts) was seen before, from the memo.
 * jco is given placeholder specifiers instead of the real import URLs (which name per-build
 * temporary files), and the real ones are written into its JavaScript afterwards, so neither its
 * output nor the key depends on them. A hit takes jco's JavaScript and generated files from the
 * memo and the core modules from this component: they are all of a component that jco's output
 * embeds no part of. jco (and the Wasm tools it loads, ~150 MB) is only loaded on a miss.
 */
import { createHash } from 'node:crypto';
import { packageVersion } from '../shared/package-version.js';
import { mapCoreModules, reduceCoreModule } from './component-shape.js';
import { readMemoEntry, readWorldHint, writeMemoEntry, writeWorldHint, type MemoEntry, type MemoFile } from './bindings-memo.js';

/** Bump when what is stored, or how jco is called, changes: old entries are then never read. */
const MEMO_FORMAT = 1;
const NAME = 'component';
const PLACEHOLDER = 'componentize-memo:';

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
  /** jco's output, by file name: the JavaScript is `component.js`. */
  files: Record<string, Uint8Array>;
  /** The specifiers the JavaScript imports. */
  imports: string[];
  /** `memo`: jco did not run. */
  from: 'memo' | 'transpiled';
  ms: number;
}

/**
 * jco's output for `component`, its imports resolved by `map` (WIT interface pattern → module
 * specifier, as jco's `map` option, a `#` fragment naming the export).
 */
export async function componentBindings(component: Uint8Array, map: Record<string, string>, memo?: BindingsMemo): Promise<Bindings> {
  const start = performance.now();
  const { options, real } = jcoOptions(map);
  const shape = memo ? await shapeKey(component, options) : undefined;
  if (memo && shape) {
    const entry = await readMemoEntry(memo.dir, shape.key);
    const files = entry && filesOf(entry, shape.modules);
    const resolved = files && withRealSpecifiers(files, entry.imports, real);
    if (resolved) {
      if (memo.world) await writeWorldHint(memo.dir, memo.world, 'hit');
      return { ...resolved, from: 'memo', ms: performance.now() - start };
    }
  }
  const { transpileBytes } = await import('@bytecodealliance/jco-transpile');
  // A copy: jco replaces `map` of the options it is given.
  const transpiled = await transpileBytes(component, { ...options });
  const resolved = withRealSpecifiers(transpiled.files, transpiled.imports, real);
  if (!resolved) {
    // jco wrote a placeholder where we do not expect one: use its output for the real map.
    const direct = await transpileBytes(component, { ...options, map });
    return { files: direct.files, imports: direct.imports, from: 'transpiled', ms: performance.now() - start };
  }
  if (memo) {
    const entry = shape && entryOf(transpiled.files, transpiled.imports, shape.modules);
    const stored = shape && entry ? await writeMemoEntry(memo.dir, shape.key, entry) : false;
    // A world whose builds keep changing shape (code generated per build) gets "miss" after its second.
    if (memo.world) await writeWorldHint(memo.dir, memo.world, stored && (await readWorldHint(memo.dir, memo.world)) === undefined ? 'hit' : 'miss');
  }
  return { ...resolved, from: 'transpiled', ms: performance.now() - start };
}

/**
 * The options jco is called with: the map with a placeholder specifier for each target, every
 * core module in a file of its own (not inlined as base64: then the JavaScript would embed its
 * code), no TypeScript declarations. `real` holds the specifier each placeholder stands for.
 */
export function jcoOptions(map: Record<string, string>): { options: { name: string; map: Record<string, string>; base64Cutoff: number; emitTypescriptDeclarations: boolean }; real: string[] } {
  const targets = Object.entries(map);
  const placeholders = Object.fromEntries(targets.map(([pattern, target], i) => [pattern, `${PLACEHOLDER}${i}${target.includes('#') ? target.slice(target.indexOf('#')) : ''}`]));
  const real = targets.map(([, target]) => target.replace(/#.*$/, ''));
  return { options: { name: NAME, map: placeholders, base64Cutoff: 0, emitTypescriptDeclarations: false }, real };
}

/** The memo key of a component's shape under these options, and its core modules; undefined for a component we cannot read. */
export async function shapeKey(component: Uint8Array, options: object): Promise<{ key: string; modules: Uint8Array[] } | undefined> {
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
  const hash = createHash('sha256').update(JSON.stringify({ format: MEMO_FORMAT, jco: await packageVersion('@bytecodealliance/jco-transpile'), options })).update('\0').update(shape);
  return { key: hash.digest('hex'), modules };
}


/**
 * jco's output as a memo entry: each core module file must be this component's module of that
 * number, unchanged, and every module must be such a file. Otherwise (jco inlined one into the
 * JavaScript, or rewrote one: it removes multiple memories) the output depends on a module's
 * code, and the component is not memoized.
 */
function entryOf(files: Record<string, Uint8Array>, imports: string[], modules: readonly Uint8Array[]): MemoEntry | undefined {
  const entryFiles: MemoFile[] = [];
  const seen = new Set<number>();
  for (const [name, bytes] of Object.entries(files)) {
    const index = coreFileIndex(name);
    if (index !== undefined && index < modules.length) {
      if (seen.has(index) || !Buffer.from(bytes).equals(modules[index]!)) return undefined;
      seen.add(index);
      entryFiles.push({ name, module: index });
    } else {
      // The JavaScript, and modules jco generates from the component's types (adapters between nested components).
      entryFiles.push(name.endsWith('.js') ? { name, text: new TextDecoder().decode(bytes) } : { name, base64: Buffer.from(bytes).toString('base64') });
    }
  }
  if (seen.size !== modules.length) return undefined;
  return { imports, modules: modules.length, files: entryFiles };
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
      files[file.name] = 'text' in file ? new TextEncoder().encode(file.text) : Buffer.from(file.base64, 'base64');
    }
  }
  return files;
}

/**
 * jco's JavaScript with each placeholder specifier (a whole string literal) replaced by the real
 * one; undefined if any placeholder is left, anywhere.
 */
function withRealSpecifiers(files: Record<string, Uint8Array>, imports: readonly string[], real: readonly string[]): { files: Record<string, Uint8Array>; imports: string[] } | undefined {
  const out: Record<string, Uint8Array> = {};
  const literal = new RegExp(`(['"])${PLACEHOLDER}(\\d+)\\1`, 'g');
  for (const [name, bytes] of Object.entries(files)) {
    if (!name.endsWith('.js')) {
      out[name] = bytes;
      continue;
    }
    const js = new TextDecoder().decode(bytes).replace(literal, (whole, _quote: string, i: string) => (real[Number(i)] === undefined ? whole : JSON.stringify(real[Number(i)])));
    if (js.includes(PLACEHOLDER)) return undefined;
    out[name] = new TextEncoder().encode(js);
  }
  const resolved = imports.map((specifier) => (specifier.startsWith(PLACEHOLDER) ? real[Number(specifier.slice(PLACEHOLDER.length))] : specifier));
  if (resolved.some((s) => s === undefined)) return undefined;
  return { files: out, imports: resolved as string[] };
}
