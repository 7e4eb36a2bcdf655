import type { Command } from 'commander';
import { type BuildInputs, componentizeInputs } from '../build/inputs.js';
import { sha256 } from '../store/fingerprint.js';
import { type BuildFlags, selectTargets } from './build-command.js';
import { EXIT } from './print.js';

interface InputsFlags extends BuildFlags {
  hash: boolean;
}

/**
 * `componentize inputs [entry]`: what the build with these flags (or the config's targets) reads,
 * and one hash of it, without building. `--hash` prints only the hash: a CI cache key.
 */
export async function runInputsCommand(
  entry: string | undefined,
  flags: InputsFlags,
  command: Command,
): Promise<number> {
  const { targets, single, configFile } = await selectTargets(
    entry,
    { ...flags, watch: false },
    command,
    new AbortController().signal,
  );
  const described: { name: string; inputs: BuildInputs }[] = [];
  for (const target of targets) {
    described.push({
      name: target.name,
      inputs: await componentizeInputs(target.options, { source: target.naming, configFile }),
    });
  }
  // Several targets: one hash over theirs, in the config's order.
  const hash = single
    ? described[0]!.inputs.hash
    : sha256(described.map((d) => `${d.name}\0${d.inputs.hash}\n`).join(''));
  if (flags.hash) process.stdout.write(`${hash}\n`);
  else if (flags.json) {
    const value = single
      ? described[0]!.inputs
      : { hash, targets: described.map((d) => ({ name: d.name, ...d.inputs })) };
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  } else {
    for (const d of described) process.stdout.write(formatInputs(d.inputs, single ? '' : `[${d.name}] `));
    if (!single) process.stdout.write(`hash ${hash}\n`);
  }
  return EXIT.ok;
}

function formatInputs(inputs: BuildInputs, prefix: string): string {
  const lines = [
    ...inputs.files.map((f) => `file ${f.path}`),
    ...(inputs.lockfile ? Object.keys(inputs.lockfile.entries).map((key) => `lock ${key}`) : []),
    ...inputs.env.filter((v) => v.changes === 'output').map((v) => `env  ${v.name}=${v.value ?? '(unset)'}`),
    `tool componentize ${inputs.tools.componentize} (${inputs.tools.componentizeBuild})`,
    `tool ${inputs.tools.engine.package} ${inputs.tools.engine.version}`,
    `tool esbuild ${inputs.tools.esbuild}`,
    `hash ${inputs.hash}`,
  ];
  return lines.map((line) => `${prefix}${line}\n`).join('');
}
