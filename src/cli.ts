#!/usr/bin/env node
/**
 * The `componentize` command. Thin: parses flags, calls the library, prints. Exit status is set
 * in one place (`fail`): 0 ok, 1 the user's mistake, 2 ours, 130 interrupted.
 */
import { createProgram } from './cli/program.js';
import { fail } from './cli/print.js';

const program = await createProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  fail(error, { json: process.argv.includes('--json') });
}
