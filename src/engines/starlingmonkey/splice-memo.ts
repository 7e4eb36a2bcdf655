import { readFile, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { snapshotCheck } from '../../snapshot/v8/index.js';
import { hashKey, sha256, toolFingerprint } from '../../store/fingerprint.js';
import { keepNewest, readMemo, writeMemo, writeMemoFile } from '../../store/memo.js';
import { packageVersion } from '../../toolchain/package-version.js';
import { witTreeFiles } from '../../wit/wit-tree.js';
import { findClockConstants } from './clock-stubs.js';
import { componentTemplate } from './component-new.js';
import type { ComponentizeParts, CoreFn, Feature } from './componentize-parts.js';
import { enginePackageFingerprint } from './package-fingerprint.js';

/** Spliced engines kept, the most recently used: each is two ~10 MB modules and a ~12 MB component. */
const MAX_ENGINES = 4;
/** The exports a snapshot removes: what the component template must lack (component-new.ts). */
const SNAPSHOT_REMOVES = ['componentize.wizer', '_initialize'];
const KIND = 'starlingmonkey-splice';
const wasmDir = (memoDir: string) => join(memoDir, `${KIND}-wasm`);

/**
 * The engine with a world's bindings spliced in: what the snapshot starts from. It depends on
 * the engine package, the world and the features only, never on the JavaScript, and splicing
 * takes seconds (~6 s on a loaded machine), so it is made once and kept in the memo store.
 */
export interface SplicedEngine {
  /** The spliced engine, which the init runs in; it passed the snapshot's checks. */
  wasm: Uint8Array;
  /** The same after componentize-js's `stubWasi` for these features: what the snapshot is written into. */
  stubbed: Uint8Array;
  /** Where `stubbed` holds the time stubWasi ran at (clock-stubs.ts): none unless clocks are disabled. */
  clockConstants: number[];
  /** The component of `stubbed`, for swapping a snapshot in (component-new.ts); undefined where that would not be exact. */
  template: Uint8Array | undefined;
  jsBindings: string;
  exports: [string, CoreFn][];
  imports: [string, string, number][];
}

interface Entry {
  jsBindings: string;
  exports: SplicedEngine['exports'];
  imports: SplicedEngine['imports'];
  clockConstants: number[];
  wasmSha256: string;
  stubbedSha256: string;
  templateSha256: string | undefined;
}

export interface SpliceRequest {
  witPath: string;
  world: string | undefined;
  features: Feature[];
  /** The memo store; without one the engine is spliced every time. */
  memoDir: string | undefined;
}

/** The spliced engine from the memo, or spliced now (and stored). */
export async function splicedEngine(parts: ComponentizeParts, request: SpliceRequest): Promise<SplicedEngine> {
  const key = request.memoDir ? await spliceKey(parts, request) : undefined;
  if (request.memoDir && key) {
    const hit = await readEntry(request.memoDir, key);
    if (hit) return hit;
  }
  const engine = await splice(parts, request);
  if (request.memoDir && key) await writeEntry(request.memoDir, key, engine);
  return engine;
}

async function splice(parts: ComponentizeParts, { witPath, world, features }: SpliceRequest): Promise<SplicedEngine> {
  const splicer = await parts.splicer();
  const engineWasm = await readFile(parts.enginePath);
  const spliced = splicer.spliceBindings(engineWasm, features, undefined, witPath, world, false);
  // Wizer's checks of the ~10 MB of code, once: snapshots of this engine skip them (`checked`).
  snapshotCheck(spliced.wasm);
  // stubWasi leaves the preview1 imports the init uses (`random_get`, and the clock and stdio ones
  // of disabled features) as local stubs: the init runs in the unstubbed module, the snapshot is
  // written into this one (snapshot/v8's `target`).
  // A window of seconds around the call: preview2-shim's wall clock takes its seconds and its
  // milliseconds from two `Date.now()`s, so across a second's turn the time it writes may be ~1 s
  // off either way.
  const before = BigInt(Date.now() - 2000) * 1_000_000n;
  const stubbed = splicer.stubWasi(spliced.wasm, features, undefined, witPath, world);
  const after = BigInt(Date.now() + 2000) * 1_000_000n;
  const clockConstants = features.includes('clocks') ? [] : findClockConstants(stubbed, before, after);
  // Not finding the build time stubWasi wrote would ship it, and the report would still say reproducible.
  if (!features.includes('clocks') && clockConstants.length === 0)
    throw new Error("the build time componentize-js's stubWasi writes into the clock stubs was not found");
  const template = await componentTemplate(stubbed, SNAPSHOT_REMOVES, parts.adapterPath);
  return { ...spliced, stubbed, clockConstants, template };
}

/** The key: the engine package (version, orchestration code, engine and splicer files), the world's WIT text, the features. */
async function spliceKey(parts: ComponentizeParts, { witPath, world, features }: SpliceRequest): Promise<string> {
  const files = await Promise.all(
    [parts.enginePath, parts.splicerPath, parts.adapterPath].map(async (f) => {
      const s = await stat(f);
      return `${s.size}:${s.mtimeMs}`;
    }),
  );
  return hashKey({
    schema: 4,
    // Our code shapes the entry too (the template, the clock offsets), and jco-transpile's
    // componentNew makes the template: either changing must not reuse an entry.
    tool: await toolFingerprint(),
    jco: await packageVersion('@bytecodealliance/jco-transpile'),
    version: parts.version,
    fingerprint: await enginePackageFingerprint(),
    files,
    wit: await witDigest(witPath),
    world: world ?? '',
    features: [...features].sort(),
  });
}

/** A hash of the WIT file, or of every file under the WIT directory (deps/ included), by relative path. */
async function witDigest(witPath: string): Promise<string> {
  if (!(await stat(witPath)).isDirectory()) return sha256(await readFile(witPath));
  // The files a WIT tree is read from, walked as the world memo walks them (no symlink loops).
  const parts: string[] = [];
  for (const name of await witTreeFiles(witPath)) parts.push(name, sha256(await readFile(join(witPath, name))));
  return sha256(parts.join('\0'));
}

async function readEntry(memoDir: string, key: string): Promise<SplicedEngine | undefined> {
  const entry = await readMemo<Entry>(memoDir, KIND, key);
  if (!entry) return undefined;
  const read = async (name: string, digest: string) => {
    const path = join(wasmDir(memoDir), name);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes || sha256(bytes) !== digest) return undefined;
    const now = new Date();
    await utimes(path, now, now).catch(() => {});
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  const [wasm, stubbed, template] = await Promise.all([
    read(`${key}.wasm`, entry.wasmSha256),
    read(`${key}.stubbed.wasm`, entry.stubbedSha256),
    entry.templateSha256 ? read(`${key}.component.wasm`, entry.templateSha256) : undefined,
  ]);
  if (!wasm || !stubbed || (entry.templateSha256 && !template)) return undefined;
  const { jsBindings, exports, imports, clockConstants } = entry;
  return { wasm, stubbed, jsBindings, exports, imports, clockConstants, template };
}

async function writeEntry(memoDir: string, key: string, engine: SplicedEngine): Promise<void> {
  // The modules first: an entry is only ever read with both of its files in place.
  const dir = wasmDir(memoDir);
  if (!(await writeMemoFile(dir, `${key}.wasm`, engine.wasm))) return;
  if (!(await writeMemoFile(dir, `${key}.stubbed.wasm`, engine.stubbed))) return;
  if (engine.template && !(await writeMemoFile(dir, `${key}.component.wasm`, engine.template))) return;
  await keepNewest(dir, MAX_ENGINES * 3);
  const entry: Entry = {
    jsBindings: engine.jsBindings,
    exports: engine.exports,
    imports: engine.imports,
    clockConstants: engine.clockConstants,
    wasmSha256: sha256(engine.wasm),
    stubbedSha256: sha256(engine.stubbed),
    templateSha256: engine.template && sha256(engine.template),
  };
  await writeMemo(memoDir, KIND, key, entry, MAX_ENGINES);
}
