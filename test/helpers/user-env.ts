/**
 * The environment of a user's shell: npm's own `npm_*` variables from the surrounding `npm test`
 * would point the inner npm at this repository (npm_config_local_prefix, npm_package_json, ...),
 * and vitest's own variables would make an inner vitest think it is a worker of this one. The
 * cache is kept, so CI's throwaway cache serves the inner install too.
 */
export function userEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      (key.startsWith('npm_') && key !== 'npm_config_cache') ||
      key.startsWith('VITEST') ||
      key === 'NODE_ENV' ||
      key === 'TEST'
    )
      continue;
    env[key] = value;
  }
  delete env.COMPONENTIZE_CACHE_DIR;
  return { ...env, CI: 'true' };
}
