import { parse } from 'acorn';
import type { EngineAdapter } from '../adapter.js';
import { camelCase as camel, interfaceExportName } from '../names.js';
import type { WitFunction, WitType, WorldModel } from '../world.js';

const isU32 = (t: WitType | undefined) => t?.kind === 'primitive' && t.name === 'u32';

/** What a function needs at the boundary on an engine whose u32s are signed. */
function fixes(fn: WitFunction): { params: boolean[]; result: boolean } | undefined {
  const params = fn.params.map((p) => isU32(p.type));
  const result = isU32(fn.result);
  return params.some(Boolean) || result ? { params, result } : undefined;
}

/** `(a, b) => target(a >>> 0, b) | 0`: unsigned in, signed bit pattern out. */
function wrapperExpression(target: string, fn: WitFunction, fix: { params: boolean[]; result: boolean }): string {
  const names = fn.params.map((_, i) => `a${i}`);
  const args = names.map((n, i) => (fix.params[i] ? `${n} >>> 0` : n)).join(', ');
  const call = `${target}(${args})`;
  // An async export returns a promise; its value is what crosses the boundary.
  const result = !fix.result ? call : fn.async ? `Promise.resolve(${call}).then((r) => r | 0)` : `${call} | 0`;
  return `function (${names.join(', ')}) { return ${result}; }`;
}

/**
 * QuickJS passes a u32 parameter >= 2^31 to JavaScript as a negative number and saturates a
 * u32 result at 2^31-1; a result given as its signed bit pattern comes out right. This rewrites
 * the bundle's final `export { local as name }` list so that each export with u32 at its top
 * level goes through a wrapper appended at the end: the user's code and the source map's lines
 * are untouched. Runs after the export check, which must see the user's own exports.
 */
export function fixU32Boundary(code: string, world: WorldModel, engine: EngineAdapter): string {
  if (engine.conventions.u32 !== 'signed') return code;
  const targets = new Map<string, { fn?: WitFunction; members?: Map<string, WitFunction> }>();
  for (const item of world.exports) {
    if (item.kind === 'function') {
      if (fixes(item.function)) targets.set(camel(item.name), { fn: item.function });
    } else {
      const members = new Map(item.interface.functions.filter((f) => fixes(f)).map((f) => [camel(f.name), f]));
      if (members.size) targets.set(interfaceExportName(item.name), { members });
    }
  }
  if (!targets.size) return code;

  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as { body: any[] };
  const list = [...program.body].reverse().find((s) => s.type === 'ExportNamedDeclaration' && !s.declaration && !s.source);
  if (!list) return code; // not esbuild's shape; leave the code as it is
  const wrappers: string[] = [];
  const specifiers = list.specifiers.map((spec: any) => {
    const exported: string = spec.exported.name ?? spec.exported.value;
    const local: string = spec.local.name;
    const target = targets.get(exported);
    if (!target) return code.slice(spec.start, spec.end);
    const wrapper = `__componentize_u32_${exported}`;
    if (target.fn) {
      wrappers.push(`const ${wrapper} = ${wrapperExpression(local, target.fn, fixes(target.fn)!)};`);
    } else {
      const members = [...target.members!].map(([name, fn]) => `${JSON.stringify(name)}: ${wrapperExpression(`${local}[${JSON.stringify(name)}].bind(${local})`, fn, fixes(fn)!)}`);
      wrappers.push(`const ${wrapper} = { ...${local}, ${members.join(', ')} };`);
    }
    return `${wrapper} as ${exported}`;
  });
  return `${code.slice(0, list.start)}export {\n  ${specifiers.join(',\n  ')}\n};${code.slice(list.end)}\n// componentize: u32 at the boundary (QuickJS)\n${wrappers.join('\n')}\n`;
}
