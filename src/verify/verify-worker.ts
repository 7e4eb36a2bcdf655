/**
 * Child process of `verify/verify.ts`: instantiates a freshly built component, optionally calls
 * one export, and reports timings over IPC. A separate process keeps the component's own output
 * off the build's stdout (`--json`) and a trap from poisoning anything of the build's.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeUnsigned } from '../component/leb128.js';
import { concatBytes } from '../component/reader.js';
import { SectionId } from '../component/sections.js';
import { decodeValue } from '../host/value-codec.js';
import { loadWasiShims, runVerification, type VerifyRequest } from './verification-run.js';

export type { VerifyReply, VerifyRequest } from './verification-run.js';

/** The argument verify.ts starts a verifier with when jco is likely to run. */
const WARM_FLAG = '--warm';

const shimsLoading = loadWasiShims();

/**
 * Runs while the engine builds (the process is started before the component exists) where the
 * bindings memo is unlikely to have the component's: loads jco and has it generate bindings for
 * a component of a realistic size. jco's bindings generator is itself Wasm; its first run on a
 * megabyte-sized component takes ~1 s of CPU in baseline-compiled code, half that once V8 has
 * optimized its hot functions, which this first run makes happen before the real component
 * arrives. The component used wraps a core module that is already on disk: wasm-tools', shipped
 * inside jco-transpile.
 */
async function warm(): Promise<void> {
  const { transpileBytes } = await import('@bytecodealliance/jco-transpile');
  const core = await readFile(
    join(
      dirname(fileURLToPath(import.meta.resolve('@bytecodealliance/jco-transpile'))),
      '../vendor/wasm-tools.core.wasm',
    ),
  );
  await transpileBytes(componentOfCoreModule(core), { name: 'warm' });
}

/** `(component (core module ...))`: the component header, then one core-module section. */
function componentOfCoreModule(core: Uint8Array): Uint8Array {
  return concatBytes([
    new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, SectionId.coreModule]),
    encodeUnsigned(core.byteLength),
    core,
  ]);
}
// A failure here shows again, where it matters, in main().
const warming = process.argv.includes(WARM_FLAG) ? warm().catch(() => {}) : undefined;

async function main(request: VerifyRequest) {
  const [bytes] = await Promise.all([readFile(request.componentPath), shimsLoading, warming]);
  return runVerification(bytes, request);
}

// The request comes as one IPC message, encoded by run/value-codec.ts: argv would lose BigInt and
// typed-array arguments and cap the call at the OS's argument size limit.
process.once('message', (message: unknown) => {
  void main(decodeValue(message as string) as VerifyRequest).then((reply) =>
    process.send!(reply, () => process.exit(0)),
  );
});
