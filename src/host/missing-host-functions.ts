import { fileURLToPath } from 'node:url';
import { invalidOption } from '../errors.js';

/**
 * The functions jco's glue takes from each import object (`const { add, prefix } =
 * imports['componentize-import:13'];`, a rename written `exit: exit$1`), by import key.
 */
function namesReadByGlue(js: string): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const match of js.matchAll(/const \{ ([^}]+) \} = imports\['([^']+)'\];/g)) {
    names.set(
      match[2]!,
      match[1]!.split(',').map((part) => part.split(':')[0]!.trim()),
    );
  }
  return names;
}

/**
 * Fails, naming the module and the function, when a host module given for an import lacks one
 * of its functions. jco's glue would find out while instantiating, print "ERROR: unexpectedly
 * undefined instance import 'prefix'" itself and throw an error that names neither the module
 * nor the interface: the user's module is incomplete, so it is their error.
 */
export function expectHostFunctions(
  js: string,
  objects: readonly [key: string, value: unknown][],
  describe: (key: string) => { iface: string; module: string } | undefined,
): void {
  const read = namesReadByGlue(js);
  for (const [key, value] of objects) {
    const origin = describe(key);
    if (!origin) continue;
    const missing = (read.get(key) ?? []).filter((name) => (value as Record<string, unknown>)[name] === undefined);
    if (!missing.length) continue;
    const module = origin.module.startsWith('file:') ? fileURLToPath(origin.module) : origin.module;
    const list = missing.map((n) => `\`${n}\``).join(', ');
    throw invalidOption(
      `the host module ${module} (for ${origin.iface}) does not export ${list}, which the component imports`,
      { hint: `Export ${missing.length > 1 ? 'functions' : 'a function'} named ${list} from ${module}.` },
    );
  }
}
