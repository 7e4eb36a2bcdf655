import { topLevelExports } from '../component/exports.js';
import { renameExterns } from '../component/rename.js';
import { wasmTools } from '../wit/wasm-tools.js';

/** One function a component exports, as `run --invoke` calls it and as WIT declares it. */
export interface ExportedFunction {
  /** The call's path as WIT names it: `greet`, `calc.add`, `text-tools.shout` (an interface from a package by its name). */
  path: string[];
  /** `name: string` */
  params: string;
  /** ` -> string`, or empty. */
  result: string;
}

/** `text-tools.shout(text: string) -> string` */
export function formatSignature(fn: ExportedFunction): string {
  return `${fn.path.join('.')}(${fn.params})${fn.result}`;
}

/**
 * The exported interface a call reaches by this name: `wasi:cli/run@0.2.12` answers to `run` as
 * jco names it (the interface's name, without package or version).
 */
export function shortExportName(name: string): string {
  return name.replace(/^[^:]+:[^/]+\//, '').replace(/@.*$/, '');
}

/**
 * Every function the component exports with its WIT signature, or undefined when they cannot be
 * read (only used to explain a call, so never a failure of its own). The reference wasm-tools
 * prints the component's world (`component wit`), but not the packages its exported interfaces
 * come from: `export wasi:cli/run@0.2.12;` has no functions in that text. Renamed to plain names
 * first, those exports are printed as inline interfaces, functions and all.
 */
export async function exportedFunctions(component: Uint8Array): Promise<ExportedFunction[] | undefined> {
  try {
    const taken = new Set(topLevelExports(component).map((e) => e.name));
    const plain = renameExterns(component, (name, kind) => {
      if (kind !== 'export' || !name.includes(':')) return name;
      let short = shortExportName(name);
      while (taken.has(short)) short = `${short}-x`;
      taken.add(short);
      return short;
    });
    const tools = await wasmTools();
    return parseWorldExports(await tools.componentWit(plain));
  } catch {
    return undefined;
  }
}

/**
 * The exported functions of the root world in `component wit` text: `export f: func(...)` lines,
 * and the functions of `export i: interface { ... }` blocks (not resource methods, which are
 * nested deeper). The printer writes one declaration a line.
 */
export function parseWorldExports(wit: string): ExportedFunction[] {
  const functions: ExportedFunction[] = [];
  const lines = wit.split('\n');
  const start = lines.findIndex((l) => /^world root \{/.test(l));
  let iface: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line === '}') break;
    const opened = /^ {2}export (%?[\w-]+): interface \{$/.exec(line);
    if (opened) {
      iface = witName(opened[1]!);
      continue;
    }
    if (iface !== undefined && line === '  }') {
      iface = undefined;
      continue;
    }
    const fn =
      iface === undefined
        ? /^ {2}export (%?[\w-]+): (?:async )?func\((.*)\)( -> .*)?;$/.exec(line)
        : /^ {4}(%?[\w-]+): (?:async )?func\((.*)\)( -> .*)?;$/.exec(line);
    if (!fn) continue;
    const name = witName(fn[1]!);
    functions.push({ path: iface === undefined ? [name] : [iface, name], params: fn[2]!, result: fn[3] ?? '' });
  }
  return functions;
}

/** WIT writes a keyword used as a name with `%` (`%type`). */
function witName(name: string): string {
  return name.replace(/^%/, '');
}
