import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../emit/write-atomic.js';
import { ComponentizeError } from '../errors.js';
import { generateGuestTypeFiles } from '../wit/guest-types.js';
import { loadWorld } from '../wit/load.js';
import { fail } from './print.js';

interface TypesFlags {
  wit: string;
  world?: string;
  out: string;
  quiet: boolean;
  json: boolean;
}

/** `componentize types`: the world's guest declarations, after the same WIT checks a build does. */
export async function runTypesCommand(flags: TypesFlags): Promise<void> {
  try {
    const cwd = process.cwd();
    const wit = resolve(cwd, flags.wit);
    if (!(await stat(wit).catch(() => undefined))) {
      throw new ComponentizeError('WIT_NOT_FOUND', `--wit: ${wit} does not exist`, { hint: 'Pass the WIT file or the directory holding it with --wit.' });
    }
    // Resolving first gives the located WIT errors of a build, not the generator's bare message.
    await loadWorld(wit, flags.world, cwd);
    const files = await generateGuestTypeFiles(wit, flags.world);
    const outDir = resolve(cwd, flags.out);
    const written: string[] = [];
    for (const [name, bytes] of files) {
      await writeFileAtomic(join(outDir, name), bytes);
      written.push(join(outDir, name));
    }
    if (flags.json) process.stdout.write(`${JSON.stringify({ ok: true, files: written }, null, 2)}\n`);
    else if (!flags.quiet) process.stderr.write(`${written.map((f) => relative(cwd, f) || f).join('\n')}\n`);
  } catch (error) {
    fail(error, { json: flags.json });
  }
}
