import { describe, expect, test } from 'vitest';
import { fixAsyncImportResults } from '../../src/host/jco-async-results.js';

// The shapes of jco-transpile 0.15's output the fix rewrites (src/host/jco-async-results.ts):
// the import lowering handing result lowerings to its subtask, a host resource's result
// lowering (jco picks `handleTable7`, the caller's table is `tableIdx: 15`), and call sites.
const LOWER_IMPORT = `
  const handleTable8 = [T_FLAG, 0];
  const handleTable15 = [T_FLAG, 0];
  function _lowerImportBackwardsCompat(args) {
    const subtask = task.createSubtask({ callMetadata: { resultPtr, lowers: resultLowerFns, funcTypeIsAsync } });
  }`;

function ownLowering(name: string, tableIdx: number, jcoTable: number): string {
  return `_lowerFlatOwn({
          componentIdx: 3,
          tableIdx: ${tableIdx},
          lowerFn: 
          function lowerImportedOwnedHost_${name}(obj) {
            let handle = obj[symbolRscHandle];
            if (!handle) {
              const rep = obj[symbolRscRep] || ++captureCnt7;
              captureTable7.set(rep, obj);
              handle = rscTableCreateOwn(handleTable${jcoTable}, rep);
            }
            return handle;
          }
          ,
        })`;
}

function callSite(lowers: string): string {
  return `_lowerImportBackwardsCompat.bind(null, {
      resultLowerFns: [${lowers}],
      hasResultPointer: true,
      funcTypeIsAsync: true,
      importFn: _trampoline83,
    })`;
}

describe("jco's results of async host imports", () => {
  test('a call site whose trampoline writes the whole result gives its subtask nothing to write again', () => {
    const js = `${LOWER_IMPORT}\n${callSite(`_lowerFlatResult({ caseMetas: [[ 'ok', ${ownLowering('Descriptor', 15, 7)} ]] })`)}`;
    const fixed = fixAsyncImportResults(js);
    expect(fixed).toContain('resultsLoweredInline: true, hasResultPointer: true');
    expect(fixed).toContain('lowers: args.resultsLoweredInline ? [] : resultLowerFns,');
  });

  test("a resource lowering that still runs makes its handle in the caller's table", () => {
    const js = `${LOWER_IMPORT}\n${callSite(`_lowerFlatStream({}), ${ownLowering('Error$1', 8, 0)}`)}`;
    const fixed = fixAsyncImportResults(js);
    expect(fixed).toContain('rscTableCreateOwn(handleTable8, rep)');
    expect(fixed).not.toContain('handleTable0');
    // A stream is lowered only by the subtask (jco skips it in the trampoline): that write stays.
    expect(fixed).not.toContain('resultsLoweredInline: true');
  });

  test('bindings without async import results are left as they are', () => {
    const plain = 'export function instantiate() { return {}; }';
    expect(fixAsyncImportResults(plain)).toBe(plain);
  });

  test('bindings of a component without async imports are left as jco wrote them, whatever their shape', () => {
    const sync = `${LOWER_IMPORT}\n${callSite(ownLowering('Descriptor', 15, 7)).replace('funcTypeIsAsync: true', 'funcTypeIsAsync: false')}`;
    expect(fixAsyncImportResults(sync)).toBe(sync);
  });

  test("a lowering naming a table jco's bindings do not declare fails at once, not mid-call", () => {
    const js = `${LOWER_IMPORT}\n${callSite(`_lowerFlatStream({}), ${ownLowering('Error$1', 9, 0)}`)}`;
    expect(() => fixAsyncImportResults(js)).toThrow(/declare no handleTable9/);
  });

  test('a shape the fix does not know fails instead of running with wrong handles', () => {
    const unknownOwn = `${LOWER_IMPORT}\n${callSite(ownLowering('Descriptor', 15, 7).replace('tableIdx: 15,', ''))}`;
    expect(() => fixAsyncImportResults(unknownOwn)).toThrow(/host resource lowering/);
    const unknownLowering = callSite('_lowerFlatU32');
    expect(() => fixAsyncImportResults(unknownLowering)).toThrow(/hands results to its subtask/);
  });
});
