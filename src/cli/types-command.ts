import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_ENGINE, ENGINES, findEngine } from '../engines/registry.js';
import { witNotFound } from '../errors.js';
import { stageRunner } from '../stage-runner.js';
import { writeFileAtomic } from '../store/write-atomic.js';
import { resolveBuiltinWorld, withShippedWasiDeps } from '../wit/builtin.js';
import { generateGuestTypeFiles } from '../wit/guest-types.js';
import { loadWorld } from '../wit/load.js';
import { EXIT } from './print.js';

interface TypesFlags {
  wit: string;
  world?: string;
  out: string;
  quiet: boolean;
  json: boolean;
}

/** `componentize types`: the world's guest declarations, after the same WIT checks a build does. */
export async function runTypesCommand(flags: TypesFlags): Promise<number> {
  // The build's stage runner, so errors name the stage (`wit`, `emit`) as a build's do.
  const { stage } = stageRunner({});
  const cwd = process.cwd();
  // Types do not depend on the engine; a built-in world is taken at the default engine's version.
  const builtin = resolveBuiltinWorld(flags.wit, flags.world, findEngine(ENGINES, DEFAULT_ENGINE)!.builtinWasiVersion, {
    wit: '--wit',
    world: '--world',
  });
  const world = builtin?.world ?? flags.world;
  const given = builtin?.wit ?? resolve(cwd, flags.wit);
  if (!(await stat(given).catch(() => undefined))) {
    throw witNotFound(`--wit: ${given} does not exist`, {
      hint: 'Pass the WIT file or the directory holding it with --wit.',
    });
  }
  // Resolving first gives the located WIT errors of a build, not the generator's bare message.
  const workDir = await mkdtemp(join(tmpdir(), 'componentize-types-'));
  let files: Map<string, Uint8Array>;
  try {
    const wit = (await withShippedWasiDeps(given, workDir)) ?? given;
    await stage('wit', () => loadWorld(wit, world, cwd));
    files = await generateGuestTypeFiles(wit, world);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const outDir = resolve(cwd, flags.out);
  const written: string[] = [];
  for (const [name, bytes] of files) {
    await stage('emit', () => writeFileAtomic(join(outDir, name), bytes));
    written.push(join(outDir, name));
  }
  if (flags.json) process.stdout.write(`${JSON.stringify({ ok: true, files: written }, null, 2)}\n`);
  else if (!flags.quiet) process.stderr.write(`${written.map((f) => relative(cwd, f) || f).join('\n')}\n`);
  return EXIT.ok;
}
