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
};

/** Types the config object; returns it unchanged. */
export function defineConfig(config: ComponentizeConfig): ComponentizeConfig {
  return config;
}
