/**
 * Corrections to jco's bindings (jco-transpile 0.15) for the results of async-lowered host
 * imports (WASI 0.3's `async func`s). jco writes such a result into the guest's result area
 * twice: once in the import's trampoline, as soon as the host function settles, and once more
 * when the subtask resolves (`AsyncSubtask#onResolve` runs the call site's `resultLowerFns`).
 * The second write is wrong for a resource: its `lowerImportedOwnedHost_*` function makes the
 * handle in the table its resource *type* was first given (`handleTable7` of another core
 * instance) instead of the calling instance's table (the `tableIdx` beside it). So `open-at`
 * answered handle 2 of the guest's table, the second write put handle 1 of the other table over
 * it, and the guest read its file from handle 1, the directory it opened it from
 * (`bad-descriptor`). Strings and lists written twice are allocated twice in the guest, one of
 * them never freed. Measured; see test/sandbox-run.test.ts (`read-file`).
 *
 * The trampoline's write is the one kept: it lowers every result but a stream or a future
 * (jco leaves those to the second write), into the right table. So
 * - each call site whose results hold no stream or future is marked `resultsLoweredInline`, and
 *   `_lowerImport`/`_lowerImportBackwardsCompat` then give its subtask no lowering to repeat;
 * - a call site whose results hold a stream or a future keeps the second write, with each
 *   resource made in the table of its `tableIdx`.
 * A shape of these the rewrite does not know throws: the generator changed, and bindings that
 * write wrong handles must not run unnoticed.
 */

/** A host resource's lowering for a result: `tableIdx` is the calling instance's table, the body's `handleTable<N>` the one jco picked. */
const OWN_LOWER =
  /(tableIdx: (\d+),\s*lowerFn:\s*function lowerImportedOwnedHost_[\w$]+\(obj\) \{(?:(?!function )[\s\S])*?rscTableCreateOwn\()handleTable\d+(, rep\))/g;
/** A call site of an async-lowered import (the only kind whose result jco writes twice). */
const ASYNC_CALL_SITE = /\bfuncTypeIsAsync: true\b/;
/** Where both import lowerings hand a call site's result lowerings to its subtask. */
const SUBTASK_LOWERS = 'lowers: resultLowerFns,';
const LOWER_IMPORTS = ['function _lowerImport(args)', 'function _lowerImportBackwardsCompat(args)'];
const RESULT_LOWERS = 'resultLowerFns: [';
const AFTER_RESULT_LOWERS = 'hasResultPointer:';
/** Result lowerings the trampolines leave to the subtask (jco's function_bindgen skips them for async imports). */
const LEFT_TO_SUBTASK = /_lowerFlat(?:Stream|Future)\b/;

/** jco's bindings with each async host import's result written once, resources into the caller's table. */
export function fixAsyncImportResults(js: string): string {
  // Without an async-lowered import there is no second write: bindings of WASI 0.2 components
  // are left as jco wrote them, and a change of jco's shape cannot stop them from running.
  if (!ASYNC_CALL_SITE.test(js)) return js;
  return markInlineResults(fixOwnTables(js));
}

function fixOwnTables(js: string): string {
  const known = js.match(OWN_LOWER)?.length ?? 0;
  const all = js.split('function lowerImportedOwnedHost_').length - 1;
  if (known !== all)
    throw new Error(
      `jco generated ${all - known} host resource lowering(s) of a shape the async-result fix does not know (src/host/jco-async-results.ts)`,
    );
  return js.replace(OWN_LOWER, (_, head: string, table: string, tail: string) => {
    // The caller's table must exist: a missing one would only fail as a ReferenceError mid-call.
    if (!js.includes(`const handleTable${table} = `))
      throw new Error(
        `jco's bindings declare no handleTable${table}, the table a host resource lowering names (src/host/jco-async-results.ts)`,
      );
    return `${head}handleTable${table}${tail}`;
  });
}

function markInlineResults(js: string): string {
  const sites = js.split(RESULT_LOWERS);
  if (sites.length === 1) return js;
  const lowerings = LOWER_IMPORTS.filter((name) => js.includes(name));
  const handing = js.split(SUBTASK_LOWERS).length - 1;
  if (lowerings.length === 0 || handing !== lowerings.length)
    throw new Error(
      `jco's import lowering hands results to its subtask in a way the async-result fix does not know (src/host/jco-async-results.ts)`,
    );
  const marked = sites.map((site, i) => {
    if (i === 0) return site;
    const end = site.indexOf(AFTER_RESULT_LOWERS);
    if (end < 0)
      throw new Error(
        `jco generated an import call site the async-result fix does not know (src/host/jco-async-results.ts)`,
      );
    if (LEFT_TO_SUBTASK.test(site.slice(0, end))) return site;
    return `${site.slice(0, end)}resultsLoweredInline: true, ${site.slice(end)}`;
  });
  return marked
    .join(RESULT_LOWERS)
    .replaceAll(SUBTASK_LOWERS, 'lowers: args.resultsLoweredInline ? [] : resultLowerFns,');
}
