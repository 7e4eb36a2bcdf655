import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * componentize-js runs the JavaScript bindings it generates without a way to change them, and two
 * of their lines return wrong values (bindings-fix.ts). It does let us name the Wizer (and weval)
 * binary, it writes the bindings to `<sources>/initializer.js`, and it preopens that directory as
 * the binary's first `--dir=` argument. So the binary we name is a small program of ours: it fixes
 * `initializer.js`, leaves a marker beside it, then runs the real Wizer or weval with the same
 * arguments, stdin and exit status.
 *
 * Why not a patch of the engine package (patch-package): a patch applies only where our own
 * `prepare` runs, in a clone; in a project that installs componentize (a tarball, a registry)
 * nothing applies it, and StarlingMonkey builds there would be wrong or refused. This works the
 * same everywhere, costs one Node start-up per build, and owns none of componentize-js's code.
 */
export async function writeBindingsWrapper(
  /** What the wrapper runs after fixing the bindings: a Wizer (or weval) binary. */
  toolPath: string,
  workDir: string,
): Promise<{ path: string; marker: string }> {
  const path = join(workDir, 'snapshot-with-fixed-bindings.mjs');
  const marker = join(workDir, 'bindings-fixed');
  const fix = new URL('./bindings-fix.js', import.meta.url).href;
  const run = `const child = spawn(${JSON.stringify(toolPath)}, args, { stdio: 'inherit' });
child.on('error', (error) => { process.stderr.write(String(error) + '\\n'); process.exit(70); });
child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
`;
  await writeFile(
    path,
    // --no-warnings: node:wasi's "experimental" warning would land in the stderr componentize-js parses.
    `#!${process.execPath} --no-warnings
// Written by componentize (src/engines/starlingmonkey/bindings-wrapper.ts); removed with its build.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixBindings } from ${JSON.stringify(fix)};

const args = process.argv.slice(2);
const sources = args.find((a) => a.startsWith('--dir='))?.slice('--dir='.length);
if (!sources) {
  process.stderr.write('componentize: the engine gave its snapshot tool no --dir= with the bindings; cannot fix them\\n');
  process.exit(70);
}
const initializer = join(sources, 'initializer.js');
await writeFile(initializer, fixBindings(await readFile(initializer, 'utf8')));
await writeFile(${JSON.stringify(marker)}, initializer);
${run}`,
  );
  await chmod(path, 0o755);
  return { path, marker };
}
