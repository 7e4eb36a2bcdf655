import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ServeConfig } from '../config/define-config.js';
import { findConfigFile } from '../config/find-config.js';
import { loadConfigFile } from '../config/load-config.js';
import { configTargets, serveConfig } from '../config/targets.js';
import { invalidOption } from '../errors.js';
import { type StackMapper, stackMapperFor } from '../js/stack-map.js';
import type { BuildOptions } from '../options/schema.js';
import type { OptionsSource } from '../options/types.js';
import { serveEntry } from '../serve/dev-server.js';
import { type BuildFlags, typedFlags } from './build-command.js';
import { EXIT, formatSummary, formatWarning } from './print.js';
import { writeLog, writeRebuild } from './serve-log.js';
import { announce, listening, mapStderr, type ServeFlags, serveLimits, untilStopped } from './serve-session.js';

/**
 * `componentize serve app.ts --wit wasi:http/proxy [build flags]`: builds like the build
 * command (through the cache), serves, and rebuilds when an input changes (src/serve/dev-server.ts),
 * one line per rebuild. A failing first build is the command's error.
 */
export async function runServeEntry(entry: string, port: number, flags: ServeFlags, command: Command): Promise<number> {
  const { options, naming, serve } = await serveBuildOptions(entry, flags, command);
  const limits = serveLimits(flags, command, serve);
  let mapper: StackMapper | undefined;
  mapStderr(() => mapper);
  const server = await listening(port, flags.host, () =>
    serveEntry({
      build: options,
      optionsSource: naming,
      port,
      host: flags.host,
      reuse: flags.reuse,
      exposeErrors: flags.exposeErrors,
      ...limits,
      log: (e) => writeLog(e, flags.json, mapper),
    }),
  );
  mapper = await stackMapperFor(server.initial.report.out);
  if (!flags.json) {
    for (const warning of server.initial.warnings) process.stderr.write(formatWarning(warning));
    process.stderr.write(formatSummary(server.initial.report, process.cwd()));
  }
  server.events.on('rebuild', (event) => {
    writeRebuild(event, flags.json);
    if (event.ok) void stackMapperFor(event.result.report.out).then((next) => (mapper = next));
  });
  announce(server.address, server.initial.report.out, flags, limits.grants);
  await untilStopped();
  await server.close();
  return EXIT.ok;
}

/**
 * The build options of `serve <entry>`: the build flags as typed. Without `--wit`, the config
 * file's (`--config`, or componentize.config.* here) with the flags over it; with neither, the
 * build's own "missing --wit" error. The source map is on (for stack traces in the log) and the
 * component goes beside the entry unless a flag or the config says otherwise.
 */
async function serveBuildOptions(
  entry: string,
  flags: ServeFlags,
  command: Command,
): Promise<{ options: BuildOptions; naming: OptionsSource; serve?: ServeConfig }> {
  const cwd = process.cwd();
  const given = typedFlags(flags as unknown as BuildFlags, command);
  const defaults = { sourcemap: true, out: resolve(cwd, `${entry.replace(/\.[cm]?[jt]sx?$/, '')}.wasm`) };
  const configFile =
    typeof flags.config === 'string'
      ? resolve(cwd, flags.config)
      : given.wit === undefined
        ? findConfigFile(cwd)
        : undefined;
  if (!configFile) return { options: { ...defaults, entry, ...given } as BuildOptions, naming: 'cli' };
  const config = await loadConfigFile(configFile);
  const targets = configTargets(config, { ...given, entry }, cwd);
  const serve = serveConfig(config, cwd);
  if (targets.length !== 1) {
    throw invalidOption(`${configFile} has ${targets.length} targets; serve builds one`, {
      hint: 'Pass the world with --wit (the config file is then not read), or serve a built .wasm.',
    });
  }
  const target = targets[0]!;
  const options = {
    ...target.options,
    sourcemap: target.options.sourcemap ?? defaults.sourcemap,
    out: target.options.out ?? defaults.out,
  };
  return { options, naming: target.naming, serve };
}
