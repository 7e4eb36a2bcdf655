#!/usr/bin/env node
/**
 * The `componentize` command. Thin: parses flags, calls the library, prints. The exit status is
 * set here and nowhere else: 0 ok, 1 the user's mistake, 2 ours, 130 interrupted. Commands
 * return their status instead of exiting, so the process ends on its own once stdout and stderr
 * are written out: exiting right after a write would cut off piped output that the pipe has not
 * taken yet (beyond 64 KiB).
 */
import module from 'node:module';

// Node >= 22.1 can cache compiled code of the modules we load (zod, esbuild's API, jco's
// wasm-tools glue): it takes ~0.3 s off every start after the first. Older Nodes skip this.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// A reader that stops early (`componentize --help | head -1`) closes the pipe: what it did not
// read is not wanted, so the process ends quietly with the status it has, as git and ls do,
// instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

const { createProgram } = await import('./cli/program.js');
const { reportError } = await import('./cli/print.js');

let status = 0;
const program = await createProgram((commandStatus) => (status = commandStatus));
try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Only parse errors get here (a command's own errors are printed by its action); the flags
  // were not parsed, so `--json` is looked for as typed.
  status = reportError(error, { json: process.argv.includes('--json') });
}
process.exitCode = status;
