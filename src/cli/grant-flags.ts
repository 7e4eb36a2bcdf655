import type { Command } from 'commander';
import { type Grants, parseDirFlag, parseEnvFlags, parseNetFlag } from '../host/grants.js';

/** The grant flags as commander gives them. */
export interface GrantFlags {
  dir?: string[];
  dirRw?: string[];
  env?: string[];
  envInherit?: boolean;
  allowNet?: string | boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * What `run` and `serve` grant a component, named as in `wasmtime run` (and Deno's
 * `--allow-net`). Writing is a flag of its own (`--dir-rw`) rather than a suffix of `--dir`'s
 * value: `::` already separates host from guest path, and a `:rw` suffix would make a path
 * ending in it (or a Windows drive) ambiguous.
 */
export function addGrantFlags(command: Command): Command {
  return command
    .option(
      '--dir <HOST[::GUEST]>',
      'grant a host directory, read-only, as GUEST (default: the same path) (repeatable)',
      collect,
      [],
    )
    .option('--dir-rw <HOST[::GUEST]>', 'grant a host directory the guest may also write in (repeatable)', collect, [])
    .option(
      '--env <NAME[=VALUE]>',
      'grant an environment variable (NAME alone: the host value) (repeatable)',
      collect,
      [],
    )
    .option('--env-inherit', "grant the host's whole environment", false)
    .option(
      '--allow-net [hosts]',
      'grant outgoing network: any host, or only these (comma-separated, host or host:port)',
    );
}

export function grantsFromFlags(flags: GrantFlags): Grants {
  return {
    dirs: [
      ...(flags.dir ?? []).map((value) => parseDirFlag(value, false)),
      ...(flags.dirRw ?? []).map((value) => parseDirFlag(value, true)),
    ],
    env: parseEnvFlags(flags.env ?? []),
    envInherit: flags.envInherit ?? false,
    net: parseNetFlag(flags.allowNet),
  };
}

/** Tells the user, on stderr, which flag would have allowed what the component was refused. */
export function printDenied(what: string, grant: string): void {
  process.stderr.write(`componentize: the component was refused ${what} (not granted: ${grant})\n`);
}
