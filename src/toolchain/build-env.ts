/**
 * Every environment variable a build reads, and what it can change. `output`: the component's
 * bytes (so it is part of `componentize inputs`' hash and of the cache key); `location`: where
 * files go or are looked for, never what is built; `behaviour`: how the build runs or prints.
 * The README's "Build inputs" section lists the same table; a unit test keeps the two in step.
 */
export const BUILD_ENV = [
  {
    name: 'SOURCE_DATE_EPOCH',
    changes: 'output',
    why: 'the clock the snapshot is taken at (`--snapshotter v8`; default 2000-01-01T00:00:00Z)',
  },
  { name: 'COMPONENTIZE_WIZER_BIN', changes: 'output', why: 'the Wizer binary (`--snapshotter wizer`)' },
  { name: 'COMPONENTIZE_WEVAL_BIN', changes: 'output', why: 'the weval binary (`--weval`)' },
  { name: 'COMPONENTIZE_CACHE_DIR', changes: 'location', why: 'the cache directory' },
  { name: 'XDG_CACHE_HOME', changes: 'location', why: 'the cache directory outside a project' },
  { name: 'TMPDIR', changes: 'location', why: "the builds' work directories" },
  { name: 'PATH', changes: 'location', why: 'a Node >= 24.20 to verify with, when this Node is older' },
  { name: 'COMPONENTIZE_CONFIG_TIMEOUT_MS', changes: 'behaviour', why: 'how long loading the config file may take' },
  { name: 'CI', changes: 'behaviour', why: 'progress as plain lines (a stage over a second), not a live line' },
  { name: 'GITHUB_ACTIONS', changes: 'behaviour', why: 'errors and warnings also as workflow annotations' },
] as const satisfies readonly BuildEnvVariable[];

export interface BuildEnvVariable {
  name: string;
  changes: 'output' | 'location' | 'behaviour';
  why: string;
}

/** The variables that change the output, with their values here (unset ones too: setting one is a change). */
export function outputEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | null> {
  return Object.fromEntries(BUILD_ENV.filter((v) => v.changes === 'output').map((v) => [v.name, env[v.name] ?? null]));
}
