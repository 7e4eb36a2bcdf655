import { exportNotFound } from '../errors.js';
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
      hint: `It exports: ${Object.keys(exports).filter((k) => !k.startsWith('_') && !k.includes(':')).join(', ')}.`,
    });
  }
  const result = await (target as (...args: unknown[]) => unknown).apply(owner, call.args);
  if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
    const items: unknown[] = [];
    for await (const item of result as AsyncIterable<unknown>) items.push(item);
    return items;
  }
  return result;
}
