import { exportNotFound, invalidOption } from '../errors.js';
import type { ExportCall } from './parse-call.js';

/** Calls an export of an instantiated component; stream results are read to the end. */
export async function invokeExport(exports: Record<string, unknown>, call: ExportCall): Promise<unknown> {
  let target: unknown = exports;
  let owner: unknown;
  for (const part of call.path) {
    owner = target;
    target = (target as Record<string, unknown> | undefined)?.[part];
  }
  if (typeof target !== 'function') {
    throw exportNotFound(`the component has no export ${call.path.join('.')}`, {
      hint: `It exports: ${Object.keys(exports)
        .filter((k) => !k.startsWith('_') && !k.includes(':'))
        .join(', ')}.`,
    });
  }
  // jco gives each export one named parameter per WIT parameter, so `length` is the WIT arity. A
  // missing argument would otherwise surface as a trap inside the lowering, and an extra one be
  // dropped without a word.
  const arity = (target as (...args: unknown[]) => unknown).length;
  if (call.args.length !== arity) {
    const name = call.path.join('.');
    throw invalidOption(
      `${name} takes ${arity} argument${arity === 1 ? '' : 's'}, and the call passes ${call.args.length}`,
      {
        hint: `Call it as ${name}(${Array.from({ length: arity }, (_, i) => `<argument ${i + 1}>`).join(', ')}); the component's WIT (wasm-tools component wit) lists the parameters.`,
      },
    );
  }
  const result = await (target as (...args: unknown[]) => unknown).apply(owner, call.args);
  if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
    const items: unknown[] = [];
    for await (const item of result as AsyncIterable<unknown>) items.push(item);
    return items;
  }
  return result;
}
