import type { Grants } from '../host/grants.js';
import type { BuildOptions } from '../options/schema.js';

/** One component to build: the build options, plus a name for the report. */
export type TargetConfig = Partial<BuildOptions> & {
  /** Shown in the report and selectable with `--target`. Default: the output path. */
  name?: string;
};

/**
 * `componentize.config.{ts,mts,js,mjs,json}`: one target, or `targets` (built in parallel) with
 * options written beside `targets` shared by all of them. Relative paths are resolved from the
 * config file's directory.
 */
export type ComponentizeConfig = TargetConfig & {
  targets?: TargetConfig[];
  /** What `serve <entry>` grants and allows (its flags, where given, win). Not read by builds. */
  serve?: ServeConfig;
};

/** The `serve` key of a config file, as `serveComponent`'s options. */
export interface ServeConfig {
  /** What each instance may reach on the host: `{ dirs, env, envInherit, net }`. Default: nothing. */
  grants?: Grants;
  /** Milliseconds a handler may take (504 after). Default 30,000. */
  timeoutMs?: number;
  /** Largest request body in bytes (413 beyond). Default 10 MiB. */
  maxBodyBytes?: number;
  /** Worker threads answering requests. Default 2. */
  workers?: number;
}

/** Types the config object; returns it unchanged. */
export function defineConfig(config: ComponentizeConfig): ComponentizeConfig {
  return config;
}
