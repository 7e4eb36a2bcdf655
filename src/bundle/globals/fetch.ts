import { fetchOutgoingSource, fetchUnavailableSource } from '../../http/fetch-outgoing.js';
import type { AnyNode } from '../../js/parse-bundle.js';
import { worldImportName } from '../../wit/wasi-names.js';
import type { WorldModel } from '../../wit/world.js';
import type { GlobalName } from '../../wit-dylib/adapter.js';
import type { PolyfillModule } from './polyfill.js';

/** The WASI interface outgoing requests go through; a world must import it for `fetch()` to work. */
export const OUTGOING_HANDLER = 'wasi:http/outgoing-handler';

/** What to add to a world for `fetch()`, in words a user can act on. */
export const FETCH_IMPORT_HINT = `add \`import ${OUTGOING_HANDLER}@0.2.10;\` to the world, or build with --wit wasi:http/proxy`;

/**
 * The `fetch` polyfill for the world: over its own `wasi:http/outgoing-handler` import (and the
 * `wasi:http/types` of the same version). Not added to the world when missing: wasi:http must be
 * the world's own (the engines that need this cannot link it beside their runtime's WASI, see
 * wit-dylib/wasi-stand-in.ts). Without it, fetch() rejects naming the import, and the build
 * warns at the code that reads `fetch` (check/fetch-import.ts).
 */
export function fetchPolyfill(model: WorldModel, int64: 'number' | 'bigint', wasiDisabled: boolean): PolyfillModule {
  const handler = worldImportName(model, OUTGOING_HANDLER);
  const types = handler && worldImportName(model, 'wasi:http/types');
  if (wasiDisabled || !handler || !types) {
    const reason = wasiDisabled
      ? 'every WASI import is disabled (--disable all)'
      : `the world does not import ${OUTGOING_HANDLER}: ${FETCH_IMPORT_HINT}`;
    return { source: fetchUnavailableSource(reason), requires: [], degradedWarning: undefined };
  }
  return {
    source: fetchOutgoingSource({ handler, types }, int64),
    requires: [handler, types],
    degradedWarning: undefined,
  };
}

/**
 * Globals a bundle needs beyond those it reads: code that calls `fetch` and reads a `.body`
 * gets `ReadableStream`, so `response.body` is a stream (without it, bodies are bytes in memory
 * and the polyfill stays out: ~N kB, see README). Any `.body` counts: which object it is read
 * from is not known before the code runs.
 */
export function impliedGlobals(program: AnyNode, read: ReadonlySet<string>): GlobalName[] {
  const implied: GlobalName[] = [];
  if (read.has('fetch') && !read.has('ReadableStream') && readsProperty(program, 'body'))
    implied.push('ReadableStream');
  // `blob.stream()` makes a ReadableStream (guest/web-platform/blob.ts).
  else if ((read.has('Blob') || read.has('File')) && !read.has('ReadableStream') && readsProperty(program, 'stream'))
    implied.push('ReadableStream');
  // `crypto.subtle` (or a root object's `.subtle`, as jose reads it) brings Web Crypto's keys and algorithms.
  // `root.crypto.getRandomValues` on a root chosen at run time (`typeof self !== 'undefined' ? self
  // : global`, as ulid does) is no read of the global `crypto`: any `.crypto` beside a read of a
  // global object brings it, as it is cheap (random values from WASI) and the code fails without it.
  const rootCrypto = !read.has('crypto') && GLOBAL_OBJECTS.some((o) => read.has(o)) && readsProperty(program, 'crypto');
  if (rootCrypto) implied.push('crypto');
  if ((read.has('crypto') || rootCrypto) && !read.has('CryptoKey') && readsProperty(program, 'subtle'))
    implied.push('CryptoKey');
  // The locale-sensitive methods of the built-ins go through Intl once it is in (intl.ts).
  if (!read.has('Intl') && LOCALE_METHODS.some((name) => readsProperty(program, name))) implied.push('Intl');
  return implied;
}

/** The names through which code reaches the global object (js/free-globals.ts). */
const GLOBAL_OBJECTS = ['globalThis', 'self', 'window', 'global'];

/** Methods whose engine versions ignore the locale; the Intl polyfill replaces them. */
const LOCALE_METHODS = ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString', 'localeCompare'];

function readsProperty(node: AnyNode, name: string): boolean {
  if (node.type === 'MemberExpression' && !node.computed && node.property.name === name) return true;
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const value = node[key];
    const children = Array.isArray(value) ? value : [value];
    for (const child of children)
      if (child && typeof child.type === 'string' && readsProperty(child, name)) return true;
  }
  return false;
}
