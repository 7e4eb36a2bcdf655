import { listEngines } from '../../dist/index.js';

/**
 * The built engine adapter called `name`. By name, not by position: the registry's order (the
 * default engine first, then by folder) is not what a test about one engine means.
 */
export async function engineNamed(name: string) {
  const engines = await listEngines();
  const engine = engines.find((e) => e.name === name);
  if (!engine) throw new Error(`no engine named ${name}; the registry has ${engines.map((e) => e.name).join(', ')}`);
  return engine;
}
