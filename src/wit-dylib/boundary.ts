import { moduleWorkerListener } from '../http/fetch-dispatch.js';
import { fetchGlue } from '../http/fetch-glue.js';
import { fetchGlueP3 } from '../http/fetch-glue-p3.js';
import { type HttpHandlerStyle, incomingHandlerExport, isP3Handler } from '../http/handler-style.js';
import type { AnyNode, BundleProgram } from '../js/parse-bundle.js';
import { camelCase as camel, interfaceExportName } from '../wit/names.js';
import { WASI_VERSION, worldImportName } from '../wit/wasi-names.js';
import type { WitFunction, WitTypeDef, WorldModel } from '../wit/world.js';
import type { EngineAdapter } from './adapter.js';
import { RESTORE_ENGINE_RANDOM } from './build-time-random.js';
import { apply, functionConversions } from './conversions.js';
import { reseedRandomSource } from './random.js';
import { type ResultCheck, resultCheck, WRONG_RESULT_HELPER } from './result-checks.js';

export interface BoundaryOptions {
  wasiDisabled: boolean;
  /** Where each export is in the bundle (`app.js:3:17`), by its JS name (`greet`, `calc.add`): named by result type errors. */
  exportLocations?: ReadonlyMap<string, string>;
  /** The timers polyfill is in: every export runs its event loop (bundle/globals/timers.ts). */
  timers?: boolean;
  /** The process polyfill is in: an export call first makes `process.env` read the host's. */
  liveProcess?: boolean;
  /** How the code handles HTTP requests, when the world exports wasi:http's incoming-handler. */
  httpStyle?: HttpHandlerStyle | undefined;
}

export interface AdaptedBundle {
  code: string;
  /** WASI interfaces the added code imports, qualified (`wasi:random/random@0.2.12`): the world must import them. */
  requires: string[];
}

type Conversions = NonNullable<ReturnType<typeof functionConversions>>;

/** What one export's wrapper does: value conversions, and the result's type check. */
interface Fix extends Partial<Conversions> {
  params: Conversions['params'];
  /** `name`: the export as the user's code names it (`greet`, `calc.add`); `at`: where it is. */
  check?: ResultCheck & { name: string; at: string | undefined };
}

/**
 * `function (a0, a1) { const r = target(conv(a0), a1); return conv(r); }`, async results converted
 * once settled. The result is bound once: a conversion may read its value several times, and the
 * user's function must run once per call.
 */
export function wrapperExpression(
  target: string,
  fn: WitFunction,
  fix: Fix,
  context: WrapperContext = NO_CONTEXT,
): string {
  // Names no user code can have: a minified bundle names its own functions `r`, `a0`, ...
  const params = fn.params.map((_, i) => `__componentize_a${i}`);
  const call = `${target}(${params.map((n, i) => apply(fix.params[i], n)).join(', ')})`;
  const body = fn.async ? asyncBody(call, fix, context) : syncBody(call, fn.name, fix, context);
  return `function (${params.join(', ')}) { ${context.enter}${body} }`;
}

/** Where a wrapper runs: with the timers' event loop (bundle/globals/timers.ts), and code it runs first. */
export interface WrapperContext {
  timers: boolean;
  enter: string;
}

const NO_CONTEXT: WrapperContext = { timers: false, enter: '' };
const RESULT = '__componentize_r';
const LOOP = 'globalThis.__componentize_timers';
const TO_ERR = '(e) => { throw e instanceof Error && !("payload" in e) ? e.message : e; }';

/** The result's type check (before any conversion: `$ | 0` would turn a wrong string into 0), and the converted result. */
function resultHandling(fix: Fix): { checked: string; converted: string } {
  const { check } = fix;
  const args = check ? [check.name, check.expected, check.at ?? ''].map((t) => JSON.stringify(t)).join(', ') : '';
  const checked = check ? `if (!${apply(check.test, RESULT)}) __componentize_wrong_result(${args}, ${RESULT}); ` : '';
  return { checked, converted: fix.result ? apply(fix.result, RESULT) : RESULT };
}

/** An `async func`: the call's promise (settled by the timers' loop when it is in), its result checked and converted. */
function asyncBody(call: string, fix: Fix, { timers }: WrapperContext): string {
  const { checked, converted } = resultHandling(fix);
  const settled = fix.result || fix.check ? `.then((${RESULT}) => { ${checked}return ${converted}; })` : '';
  const promise = timers ? `${LOOP}.settle((async () => ${call})())` : `(async () => ${call})()`;
  return `return ${promise}${settled}${fix.errMessage ? `.catch(${TO_ERR})` : ''};`;
}

/** A sync export: the call, the timers due after it run, its result checked and converted. */
function syncBody(call: string, name: string, fix: Fix, { timers }: WrapperContext): string {
  const { checked, converted } = resultHandling(fix);
  const drained = timers ? `${LOOP}.afterSync(${JSON.stringify(name)}); ` : '';
  const body =
    fix.result || fix.check || timers
      ? `const ${RESULT} = ${call}; ${drained}${checked}return ${converted};`
      : `return ${call};`;
  return fix.errMessage ? `try { ${body} } catch (e) { (${TO_ERR})(e); }` : body;
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
export function adaptBoundary(
  code: string,
  program: BundleProgram,
  world: WorldModel,
  engine: EngineAdapter,
  options: BoundaryOptions,
): AdaptedBundle {
  const timers = options.timers ?? false;
  // The process polyfill reads the host's environment only once an export runs: during the
  // snapshot some engines have no WASI to call (bundle/globals/node-globals.ts).
  const enter = options.liveProcess ? 'globalThis.__componentize_process_live?.(); ' : '';
  // Every export runs the timers' loop (or enters the live process) when those polyfills are in, converted or not.
  const wrapAll = timers || enter !== '';
  const raw = engine.conventions;
  const targets = new Map<
    string,
    { fn?: { fn: WitFunction; fix: Fix }; members?: Map<string, { fn: WitFunction; fix: Fix }> }
  >();
  const fixFor = (fn: WitFunction, scope: readonly WitTypeDef[], name: string) => {
    const conversions = functionConversions(fn, scope, raw);
    const check = resultCheck(fn.result, scope);
    if (!conversions && !check && !wrapAll) return undefined;
    const fix: Fix = { ...conversions, params: conversions?.params ?? fn.params.map(() => undefined) };
    if (check) fix.check = { ...check, name, at: options.exportLocations?.get(name) };
    return { fn, fix };
  };
  for (const item of world.exports) {
    if (item.kind === 'function') {
      const found = fixFor(item.function, world.types, camel(item.name));
      if (found) targets.set(camel(item.name), { fn: found });
    } else {
      const exportName = interfaceExportName(item.name);
      const members = new Map(
        item.interface.functions.flatMap((f) => {
          const found = fixFor(f, item.interface.types, `${exportName}.${camel(f.name)}`);
          return found ? [[camel(f.name), found] as const] : [];
        }),
      );
      if (members.size) targets.set(exportName, { members });
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
  if (engine.snapshotRandom === 'after-snapshot') appended.push(RESTORE_ENGINE_RANDOM);
  if (options.httpStyle === 'module-worker' && engine.capabilities.fetchEvent) {
    const listener = moduleWorkerListener(program);
    if (listener) appended.push(listener);
  }
  const handler = incomingHandlerExport(world);
  if (handler && options.httpStyle && options.httpStyle !== 'raw' && !engine.capabilities.fetchEvent) {
    const glue = isP3Handler(handler.name)
      ? fetchGlueP3(program, options.httpStyle, handler.name.replace('/handler', '/types'))
      : fetchGlue(program, options.httpStyle, handler.name.replace('/incoming-handler', '/types'));
    if (glue) appended.push(glue.code, `export { ${glue.exportList} };`);
  }
  let rewritten = code;
  if (targets.size) {
    const list = [...program.body]
      .reverse()
      .find((s) => s.type === 'ExportNamedDeclaration' && !s.declaration && !s.source);
    if (list) {
      const wrappers: string[] = [];
      const specifiers = list.specifiers.map((spec: AnyNode) => {
        const exported: string = spec.exported.name ?? spec.exported.value;
        const local: string = spec.local.name;
        const target = targets.get(exported);
        if (!target) return code.slice(spec.start, spec.end);
        const wrapper = `__componentize_boundary_${exported}`;
        if (target.fn) {
          wrappers.push(
            `const ${wrapper} = ${wrapperExpression(local, target.fn.fn, target.fn.fix, { timers, enter })};`,
          );
        } else {
          const members = [...target.members!].map(
            ([name, m]) =>
              `${JSON.stringify(name)}: ${wrapperExpression(`${local}[${JSON.stringify(name)}].bind(${local})`, m.fn, m.fix, { timers, enter })}`,
          );
          wrappers.push(`const ${wrapper} = { ...${local}, ${members.join(', ')} };`);
        }
        return `${wrapper} as ${exported}`;
      });
      rewritten = `${code.slice(0, list.start)}export {\n  ${specifiers.join(',\n  ')}\n};${code.slice(list.end)}`;
      appended.push(
        `// componentize: values at the boundary (${engine.name})\n${WRONG_RESULT_HELPER}\n${wrappers.join('\n')}`,
      );
    }
  }
  return { code: appended.length ? `${rewritten}\n${appended.join('\n')}\n` : code, requires };
}
