#!/usr/bin/env node
/**
 * The `componentize` command. Thin: parses flags, calls the library, prints. Exit status is set
 * in one place (`fail`): 0 ok, 1 the user's mistake, 2 ours, 130 interrupted.
 */
import module from 'node:module';

// Node >= 22.1 can cache compiled code of the modules we load (zod, esbuild's API, jco's
// wasm-tools glue): it takes ~0.3 s off every start after the first. Older Nodes skip this.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { createProgram } = await import('./cli/program.js');
const { fail } = await import('./cli/print.js');

const program = await createProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  fail(error, { json: process.argv.includes('--json') });
}
