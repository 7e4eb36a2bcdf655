// Runs in its own Node 24 process: instantiates a component through componentize's public API
// and calls exports, writing the results as JSON to a file. The component's own stdout/stderr
// stay on this process's stdout/stderr, where the test reads them.
//   node invoke.mjs <component.wasm> <spec.json> <results.json>
// spec: { hostModules?: {iface: path}, calls: [{ fn: "greet" | "iface.fn", args: [...] }] }
import { readFile, writeFile } from 'node:fs/promises';
import { instantiateComponent } from '../../dist/index.js';
import { decode, encode } from './values.mjs';

const [componentPath, specPath, resultsPath] = process.argv.slice(2);
const spec = decode(JSON.parse(await readFile(specPath, 'utf8')));
const { exports } = await instantiateComponent(await readFile(componentPath), { hostModules: spec.hostModules });
const results = [];
// Resources: `new iface.Counter` constructs one and keeps it as `$<as>`; `$c.add` calls its method.
const handles = {};
for (const call of spec.calls) {
  const constructing = call.fn.startsWith('new ');
  const path = call.fn.replace(/^new /, '').split('.');
  let target = path[0].startsWith('$') ? handles : exports;
  for (const part of path.slice(0, -1)) target = target?.[part];
  const fn = target?.[path.at(-1)];
  try {
    if (typeof fn !== 'function')
      throw new Error(`export ${call.fn} is not a function (exports: ${Object.keys(exports).join(', ')})`);
    if (constructing) {
      handles[`$${call.as}`] = new fn(...call.args);
      results.push({ ok: true, value: `<${path.at(-1)}>` });
      continue;
    }
    results.push({ ok: true, value: await drain(await fn.apply(target, call.args)) });
  } catch (error) {
    results.push({ ok: false, error: String(error?.payload ?? error?.message ?? error) });
    // A `result` err (jco throws the err value itself) leaves the instance usable; a trap (or
    // anything else) poisons it, and later calls would not mean anything.
    if (error instanceof Error) break;
  }
}
await writeFile(resultsPath, JSON.stringify(encode(results)));

// A stream result arrives as an async iterable: collect its values so they can be compared.
async function drain(value) {
  if (value && typeof value === 'object' && typeof value[Symbol.asyncIterator] === 'function') {
    const items = [];
    for await (const item of value) items.push(item);
    return items;
  }
  return value;
}
