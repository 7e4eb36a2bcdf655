import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildWarning, ERROR_FACTORIES, trap } from '../errors.js';
import type { BindingsMemo } from '../host/bindings.js';
import { readWorldHint } from '../host/bindings-memo.js';
import { type ComponentNode, componentNode, verifyCallUnsupported } from '../host/component-node.js';
import { cleanGuestOutput } from '../host/guest-stderr.js';
import type { ExportCall } from '../host/parse-call.js';
import { encodeValue } from '../host/value-codec.js';
import { WASI_STUB_MARK } from '../host/wasi-stubs.js';
import type { StackMapper } from '../js/stack-map.js';
import type { Verification, VerifyPlace } from '../report.js';
import { camelCase as camel, pascalCase } from '../wit/names.js';
import type { WorldModel } from '../wit/world.js';
import type { VerifyReply, VerifyRequest } from './verification-run.js';

const WORKER = fileURLToPath(new URL('./verify-worker.js', import.meta.url));

/** What to verify a component against, and how. */
export interface VerifyCheck {
  /** The world the component was built from: its own imports are stubbed. */
  world: WorldModel;
  /** The `--verify` call, if any. */
  call: ExportCall | undefined;
  /** A scratch directory for the import stubs; removed by the caller. */
  workDir: string;
  signal?: AbortSignal | undefined;
  /** Time the call in rounds (for `compare`). */
  throughput?: VerifyRequest['throughput'] | undefined;
  /** Rewrites bundle positions in a failure's stack to the user's sources. */
  mapper?: StackMapper | undefined;
}

/**
 * Proves a built component works before it is written: it must instantiate, and the `--verify`
 * call must not trap. It runs in a Node that can run components: this one, or one found on the
 * machine (host/component-node.ts). Without any, an asked-for call is an error (the check the
 * user wants cannot run), while the implicit instantiate check is only reported as not done.
 */
export async function verifyComponent(
  componentPath: string,
  check: VerifyCheck,
  started?: Verifier,
): Promise<{ verification: Verification | undefined; warnings: BuildWarning[] }> {
  const { world, call, workDir, throughput, mapper } = check;
  // A caller that did not get a verifier ready ahead (the component already exists) starts one now.
  const verifier = await (started ?? startVerifier(check.signal, undefined, 'on-request'));
  if (!verifier) {
    if (call) throw verifyCallUnsupported();
    return {
      verification: undefined,
      warnings: [
        {
          code: 'NOT_VERIFIED',
          message: `the component was not verified: running it needs Node >= 24.20 (JSPI), and this is Node ${process.version}, with no such Node in node_modules/node or on PATH. Build with a newer Node, or pass --no-verify to silence this.`,
        },
      ],
    };
  }
  if (verifier.here && !call && !throughput) {
    const here = await verifyHere(componentPath, check, verifier.here, verifier.memo);
    if (here) return here;
  }
  // A verifier not started ahead starts first: the stubs are written while its Node boots.
  const child =
    verifier.child ?? spawnVerifier(await loadExeca(), verifier.node, check.signal ?? verifier.signal, false);
  // A success is known from the reply; the process then exits on its own, after the build has moved on.
  const replied = child.getOneMessage().then(
    (message) => message as VerifyReply,
    () => undefined,
  );
  const hostModules = await writeImportStubs(world, join(workDir, 'verify-stubs')).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  const request: VerifyRequest = {
    componentPath,
    call,
    hostModules,
    memo: verifier.memo,
    ...(throughput ? { throughput } : {}),
  };
  await child.sendMessage(encodeValue(request)).catch(() => {});
  const first = await replied;
  if (first?.ok) return { verification: verificationOf(first, 'child-process'), warnings: [] };
  const done = await child;
  const reply = first ?? (done.ipcOutput.at(-1) as VerifyReply | undefined);
  // The guest's exception (its message and mapped stack) and its last lines, without the engines' noise.
  return outcomeOf(
    reply,
    'child-process',
    call,
    cleanGuestOutput(`${done.stderr}`, mapper),
    `verifier exited with ${done.exitCode}`,
  );
}

/**
 * Verification in the build's own process, for a build whose verification calls none of the
 * user's code (no `--verify` call): instantiating a snapshot runs no JavaScript, so nothing of
 * the component's can loop, exit or print, and WASI is served by stand-ins (run/wasi-stubs.ts)
 * instead of the shims. Measured on hello, this saves the second Node and the shims: ~90 MB at
 * the peak, and the CPU their start-up took from the engine. Undefined where the component did
 * call WASI while instantiating: the caller then verifies it with the shims.
 */
async function verifyHere(
  componentPath: string,
  check: VerifyCheck,
  loaded: Promise<typeof import('./verification-run.js')>,
  memo: BindingsMemo | undefined,
) {
  const [{ runVerification }, hostModules, bytes] = await Promise.all([
    loaded,
    writeImportStubs(check.world, join(check.workDir, 'verify-stubs')),
    readFile(componentPath),
  ]);
  const reply = await runVerification(bytes, { componentPath, call: undefined, hostModules, memo, wasi: 'stubs' });
  if (!reply.ok && reply.message.includes(WASI_STUB_MARK)) return undefined;
  const stack = reply.ok ? '' : (reply.stack ?? '');
  return outcomeOf(reply, 'this-process', undefined, check.mapper ? check.mapper.rewrite(stack) : stack, 'no reply');
}

/** The verification a reply reports, or the error it stands for. `output`: what the failure printed (the verifier's stderr, or the stack), for the cause. */
function outcomeOf(
  reply: VerifyReply | undefined,
  ranIn: VerifyPlace,
  call: ExportCall | undefined,
  output: string,
  missing: string,
): { verification: Verification; warnings: BuildWarning[] } {
  if (reply?.ok) return { verification: verificationOf(reply, ranIn), warnings: [] };
  if (reply && !reply.ok && reply.code)
    throw ERROR_FACTORIES[reply.code](`--verify: ${reply.message}`, { hint: reply.hint });
  const what =
    reply?.phase === 'call' && call
      ? `the --verify call ${call.path.join('.')}(...) failed`
      : 'the component does not instantiate';
  throw trap(`${what}: ${reply?.message ?? missing}`, {
    hint: 'Nothing was written; the previous output is untouched. Fix the error above, or pass --no-verify to write it anyway.',
    ...(output ? { cause: new Error(output) } : {}),
  });
}

function verificationOf(reply: Extract<VerifyReply, { ok: true }>, ranIn: VerifyPlace): Verification {
  const verification: Verification = {
    bindings: reply.bindings,
    ranIn,
    instantiateMs: reply.instantiateMs,
    call: reply.callMs === undefined ? undefined : { ms: reply.callMs, result: reply.result },
  };
  if (reply.callsPerSecond) verification.callsPerSecond = reply.callsPerSecond;
  return verification;
}

/** The argument verify-worker.ts warms jco on. */
const WARM_FLAG = '--warm';

type Execa = typeof import('../vendor/execa.js');
/** execa (~230 kB of code) is loaded only by builds that verify. */
const loadExeca = (): Promise<Execa> => import('../vendor/execa.js');

function spawnVerifier({ execaNode }: Execa, node: ComponentNode, signal: AbortSignal | undefined, warm: boolean) {
  return execaNode(WORKER, warm ? [WARM_FLAG] : [], {
    ipc: true,
    serialization: 'json',
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    // Another Node binary gets none of this process's flags: they may not exist there.
    ...(node.source === 'found' ? { nodePath: node.path, nodeOptions: [] } : {}),
    ...(signal ? { cancelSignal: signal } : {}),
  });
}

/** The bindings memo a build's verifier uses (run/bindings.ts). */
export interface VerifierMemo {
  /** The memo directory (`memoDir` of the options). */
  dir: string;
  /** What the component is built for (engine, world, variant, WIT): the memo's hint for the next build is kept by these. */
  world: readonly (string | Uint8Array | undefined)[];
}

interface StartedVerifier {
  node: ComponentNode;
  /** The verifier's process, if started ahead of the request; else the request starts it. */
  child: ReturnType<typeof spawnVerifier> | undefined;
  memo: BindingsMemo | undefined;
  signal: AbortSignal | undefined;
  /** Set where the verification runs in this process: its module, loading. */
  here: Promise<typeof import('./verification-run.js')> | undefined;
}

/** A verifier ready for its request, or undefined where no Node can run components. */
export type Verifier = Promise<StartedVerifier | undefined>;

/**
 * Gets the verifier ready before the component exists: its Node starts now and loads the WASI
 * shims while the engine builds. Where the memo's hint for this world says a hit is likely (a
 * rebuild after editing the code: jco will not run), that is all it loads: measured on hello,
 * ~90 ms less than starting it after the engine, for ~7 MB more at the peak. Otherwise it also
 * loads jco and warms jco's bindings generator (verify-worker.ts). With `this-process` (see
 * `VerifyPlace`) and a likely hit, no Node starts (`verifyHere`). Stop it with
 * `stopVerifier` if the build fails before verification. `on-request`: never start ahead (the
 * component exists already).
 */
export function startVerifier(
  signal?: AbortSignal,
  memo?: VerifierMemo,
  when: 'ahead' | 'on-request' = 'ahead',
  place: VerifyPlace = 'child-process',
): Verifier {
  const world = memo ? worldKey(memo.world) : undefined;
  const likelyHit =
    memo && world ? readWorldHint(memo.dir, world).then((hint) => hint === 'hit') : Promise.resolve(false);
  const started = Promise.all([componentNode(), likelyHit]).then(
    async ([node, hit]): Promise<StartedVerifier | undefined> => {
      if (!node) return undefined;
      const memoOf = memo ? { dir: memo.dir, world } : undefined;
      if (place === 'this-process' && node.source === 'this' && hit) {
        // Loaded while the engine builds: it runs on threads of its own, this one waits.
        const here = import('./verification-run.js');
        here.catch(() => {});
        return { node, child: undefined, memo: memoOf, signal, here };
      }
      const child = when === 'ahead' ? spawnVerifier(await loadExeca(), node, signal, !hit) : undefined;
      return { node, child, memo: memoOf, signal, here: undefined };
    },
  );
  started.catch(() => {});
  return started;
}

/** Stops a started verifier that will not be asked to verify anything. */
export function stopVerifier(verifier: Verifier): void {
  void verifier.then(
    (v) => v?.child?.kill(),
    () => {},
  );
}

function worldKey(parts: VerifierMemo['world']): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (part === undefined) hash.update('u;');
    else if (typeof part === 'string') hash.update(`s${part.length}:${part};`);
    else hash.update(`b${part.length}:`).update(part).update(';');
  }
  return hash.digest('hex');
}

/**
 * The world's own imports are the host's to provide; while verifying there is no host, so each
 * imported interface gets a module whose functions throw if called. Instantiation needs only
 * that they exist.
 */
async function writeImportStubs(world: WorldModel, dir: string): Promise<Record<string, string>> {
  const modules: Record<string, string> = {};
  await mkdir(dir, { recursive: true });
  let n = 0;
  for (const item of world.imports) {
    if (item.kind !== 'interface' || item.name.startsWith('wasi:')) continue;
    const lines = item.interface.functions.map(
      (f) =>
        `export function ${camel(f.name)}() { throw new Error('${item.name}#${f.name} is not available while verifying'); }`,
    );
    for (const t of item.interface.types)
      if (t.kind === 'resource') lines.push(`export class ${pascalCase(t.name)} {}`);
    const file = join(dir, `import-${n++}.mjs`);
    await writeFile(file, `${lines.join('\n')}\n`);
    modules[item.name.replace(/@.*$/, '')] = file;
    modules[item.name] = file;
  }
  return modules;
}
