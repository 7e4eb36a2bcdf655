import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { invalidOption } from '../errors.js';

/**
 * Refuses outputs that would replace a file the build reads: `-o app.ts` or `-o world.wit` used
 * to exit 0 and leave the user with a component where their source was. Checked as soon as the
 * inputs are known (before the engine runs) and again on every write, cache hits included.
 * Paths are compared after resolving symlinks, so a link to the entry counts as the entry.
 */
export function refuseOutputOverInput(outputs: readonly string[], inputs: readonly string[], flag = '-o'): void {
  const read = new Set(inputs.map(canonical));
  for (const output of outputs) {
    if (!read.has(canonical(output))) continue;
    const message =
      output === outputs[0]
        ? `${flag} ${output} names a file this build reads: the component would replace it`
        : `${flag} ${outputs[0]}: its source map ${output} would replace a file this build reads`;
    throw invalidOption(message, {
      hint: `Write the component somewhere else, e.g. ${flag} ${join(dirname(outputs[0]!), `${basename(outputs[0]!).replace(/\.[^.]*$/, '')}.wasm`)}.`,
    });
  }
}

/** The path with its existing part's symlinks resolved (the output itself may not exist yet). */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}
