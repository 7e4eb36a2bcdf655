import { exportNotFound, invalidOption } from '../errors.js';
import { camelCase as camel } from '../wit/names.js';
import { type ExportedFunction, formatSignature } from './export-signatures.js';
import type { ExportCall } from './parse-call.js';

/** The component's exported functions with their WIT signatures, read only when a call must be explained. */
export type DescribeExports = () => Promise<ExportedFunction[] | undefined>;

/**
 * Calls an export of an instantiated component; stream results are read to the end. `run()` on
 * an interface with one function (`wasi:cli/run` has only `run`) calls that function. A call the
 * component cannot take is explained with the WIT signatures `describe` gives.
 */
export async function invokeExport(
  exports: Record<string, unknown>,
  call: ExportCall,
  describe: DescribeExports = async () => undefined,
): Promise<unknown> {
  let target: unknown = exports;
  let owner: unknown;
  for (const part of call.path) {
    owner = target;
    target = (target as Record<string, unknown> | undefined)?.[part];
  }
  const only = target && typeof target === 'object' ? onlyFunction(target as Record<string, unknown>) : undefined;
  if (only) {
    owner = target;
    target = only;
  }
  const name = call.path.join('.');
  if (typeof target !== 'function') {
    const functions = await describe();
    throw exportNotFound(`the component has no export ${name}`, {
      hint: functions?.length
        ? `It exports:\n${functions.map((f) => `      ${formatSignature(f)}`).join('\n')}`
        : `It exports: ${Object.keys(exports)
            .filter((k) => !k.startsWith('_') && !k.includes(':'))
            .join(', ')}.`,
    });
  }
  // jco gives each export one named parameter per WIT parameter, so `length` is the WIT arity. A
  // missing argument would otherwise surface as a trap inside the lowering, and an extra one be
  // dropped without a word.
  const arity = (target as (...args: unknown[]) => unknown).length;
  if (call.args.length !== arity) {
    const signature = (await describe())?.find((f) => sameCall(f.path, call.path, only !== undefined));
    throw invalidOption(
      `${name} takes ${arity} argument${arity === 1 ? '' : 's'}, and the call passes ${call.args.length}`,
      {
        hint: signature
          ? `Its signature: ${formatSignature(signature)}`
          : `Call it as ${name}(${Array.from({ length: arity }, (_, i) => `<argument ${i + 1}>`).join(', ')}).`,
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

/** The one function of an exported interface, when it has exactly one. */
function onlyFunction(instance: Record<string, unknown>): ((...args: unknown[]) => unknown) | undefined {
  const functions = Object.values(instance).filter((v) => typeof v === 'function');
  return functions.length === 1 ? (functions[0] as (...args: unknown[]) => unknown) : undefined;
}

/** Whether a WIT path is the one called (in JavaScript names); `viaInterface`: the call named only the interface. */
function sameCall(witPath: string[], called: string[], viaInterface: boolean): boolean {
  const wanted = witPath.map(camel);
  const compared = viaInterface ? wanted.slice(0, -1) : wanted;
  return compared.length === called.length && compared.every((part, i) => part === called[i]);
}
