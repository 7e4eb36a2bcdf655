import type { BundleProgram } from '../shared/parse-bundle.js';
import type { EngineAdapter } from './adapter.js';
import { camelCase as camel, interfaceExportName } from '../wit/names.js';
import type { WitFunction, WitTypeDef, WorldModel } from '../wit/world.js';
import { apply, functionConversions } from './conversions.js';
import { reseedRandomSource } from './random.js';
import { moduleWorkerListener } from './http-glue.js';
import { fetchGlue } from './fetch-glue.js';
import { incomingHandlerExport, type HttpHandlerStyle } from '../check/http-handler.js';
import { WASI_VERSION, worldImportName } from './wasi.js';

export interface AdaptedBundle {
  code: string;
  /** WASI interfaces the added code imports, qualified (`wasi:random/random@0.2.12`): the world must import them. */
  requires: string[];
}

type Fix = NonNullable<ReturnType<typeof functionConversions>>;

/**
 * `function (a0, a1) { const r = target(conv(a0), a1); return conv(r); }`, async results converted
 * once settled. The result is bound once: a conversion may read its value several times, and the
 * user's function must run once per call.
 */
export function wrapperExpression(target: string, fn: WitFunction, fix: Fix): string {
  const names = fn.params.map((_, i) => `a${i}`);
  const call = `${target}(${names.map((n, i) => apply(fix.params[i], n)).join(', ')})`;
  const toErr = '(e) => { throw e instanceof Error && !("payload" in e) ? e.message : e; }';
  if (fn.async) {
    const settled = fix.result ? `.then((r) => ${apply(fix.result, 'r')})` : '';
    return `function (${names.join(', ')}) { return (async () => ${call})()${settled}${fix.errMessage ? `.catch(${toErr})` : ''}; }`;
  }
  const body = fix.result ? `const r = ${call}; return ${apply(fix.result, 'r')};` : `return ${call};`;
  return `function (${names.join(', ')}) { ${fix.errMessage ? `try { ${body} } catch (e) { (${toErr})(e); }` : body} }`;
}

/**
 * The engine-parity layer at the bundle's boundary, generated from the world model:
 * - exports whose values the engine lifts or lowers differently from our conventions go through
 *   a wrapper (see conversions.ts);
 * - on engines whose `Math.random` state is frozen into the snapshot, `Math.random` is replaced by
 *   a generator seeded from `wasi:random` on its first call after the snapshot.
 * The code is appended and the final `export { local as name }` list rewritten: the user's code
 * and the source map's lines are untouched. Runs after the export check saw the user's exports.
 */
export function adaptBoundary(code: string, program: BundleProgram, world: WorldModel, engine: EngineAdapter, options: { wasiDisabled: boolean; httpStyle?: HttpHandlerStyle | undefined }): AdaptedBundle {
  const raw = engine.conventions;
  const targets = new Map<string, { fn?: { fn: WitFunction; fix: Fix }; members?: Map<string, { fn: WitFunction; fix: Fix }> }>();
  const fixFor = (fn: WitFunction, scope: readonly WitTypeDef[]) => {
    const fix = functionConversions(fn, scope, raw);
    return fix ? { fn, fix } : undefined;
  };
  for (const item of world.exports) {
    if (item.kind === 'function') {
      const found = fixFor(item.function, world.types);
      if (found) targets.set(camel(item.name), { fn: found });
    } else {
      const members = new Map(item.interface.functions.flatMap((f) => {
        const found = fixFor(f, item.interface.types);
        return found ? [[camel(f.name), found] as const] : [];
      }));
      if (members.size) targets.set(interfaceExportName(item.name), { members });
    }
  }

  const appended: string[] = [];
  const requires: string[] = [];
  // With every WASI import stubbed (`--disable all`) there is no entropy to seed from: the engine's
  // own generator, seeded at snapshot time, stays.
  if (engine.snapshotRandom === 'frozen' && !options.wasiDisabled && /\bMath\.random\b/.test(code)) {
    const random = worldImportName(world, 'wasi:random/random') ?? `wasi:random/random@${WASI_VERSION}`;
    requires.push(random);
    appended.push(reseedRandomSource(random, raw.int64));
  }
  if (options.httpStyle === 'module-worker' && engine.capabilities.fetchEvent) {
    const listener = moduleWorkerListener(program);
    if (listener) appended.push(listener);
  }
  const handler = incomingHandlerExport(world);
  if (handler && options.httpStyle && options.httpStyle !== 'raw' && !engine.capabilities.fetchEvent) {
    const glue = fetchGlue(program, options.httpStyle, handler.name.replace('/incoming-handler', '/types'));
    if (glue) appended.push(glue.code, `export { ${glue.exportList} };`);
  }
  let rewritten = code;
  if (targets.size) {
    const list = [...program.body].reverse().find((s) => s.type === 'ExportNamedDeclaration' && !s.declaration && !s.source);
    if (list) {
      const wrappers: string[] = [];
      const specifiers = list.specifiers.map((spec: any) => {
        const exported: string = spec.exported.name ?? spec.exported.value;
        const local: string = spec.local.name;
        const target = targets.get(exported);
        if (!target) return code.slice(spec.start, spec.end);
        const wrapper = `__componentize_boundary_${exported}`;
        if (target.fn) {
          wrappers.push(`const ${wrapper} = ${wrapperExpression(local, target.fn.fn, target.fn.fix)};`);
        } else {
          const members = [...target.members!].map(([name, m]) => `${JSON.stringify(name)}: ${wrapperExpression(`${local}[${JSON.stringify(name)}].bind(${local})`, m.fn, m.fix)}`);
          wrappers.push(`const ${wrapper} = { ...${local}, ${members.join(', ')} };`);
        }
        return `${wrapper} as ${exported}`;
      });
      rewritten = `${code.slice(0, list.start)}export {\n  ${specifiers.join(',\n  ')}\n};${code.slice(list.end)}`;
      appended.push(`// componentize: values at the boundary (${engine.name})\n${wrappers.join('\n')}`);
    }
  }
  return { code: appended.length ? `${rewritten}\n${appended.join('\n')}\n` : code, requires };
}
