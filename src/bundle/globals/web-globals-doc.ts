import type { EngineAdapter, GlobalName } from '../../wit-dylib/adapter.js';
import { GLOBAL_MODULES, implementedBy } from './web-platform.js';

/**
 * WinterTC's Minimum Common Web Platform API globals, in the order of the README's "Web platform
 * globals" table. Whether an engine has each is its adapter's `missingGlobals` (checked against
 * the real engine by test/web-globals.test.ts); what fills a missing one is web-platform.ts, or
 * the WASI-backed polyfills below.
 */
export const WINTERTC_GLOBALS: readonly GlobalName[] = [
  'AbortController',
  'AbortSignal',
  'EventTarget',
  'Event',
  'CustomEvent',
  'DOMException',
  'Blob',
  'File',
  'FormData',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'TextEncoderStream',
  'TextDecoderStream',
  'CompressionStream',
  'DecompressionStream',
  'TextEncoder',
  'TextDecoder',
  'URL',
  'URLSearchParams',
  'URLPattern',
  'structuredClone',
  'queueMicrotask',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'reportError',
  'atob',
  'btoa',
  'self',
  'navigator',
  'performance',
  'console',
  'crypto',
  'fetch',
];

/** The globals polyfills.ts fills with code of its own over WASI (not in web-platform.ts's table). */
const WASI_BACKED: Partial<Record<GlobalName, string>> = {
  console: 'componentize (wasi:cli/stdout, stderr)',
  crypto: 'componentize (wasi:random; `subtle`: src/guest/web-crypto)',
  fetch: 'componentize (wasi:http/outgoing-handler)',
  setTimeout: 'componentize (wasi:clocks/monotonic-clock)',
  setInterval: 'componentize (wasi:clocks/monotonic-clock)',
  clearTimeout: 'componentize (wasi:clocks/monotonic-clock)',
  clearInterval: 'componentize (wasi:clocks/monotonic-clock)',
};

/** What `engine` has of `global`: native, mended, filled (by what), or missing. */
export function webGlobalStatus(engine: EngineAdapter, global: GlobalName): string {
  if (engine.missingGlobals.includes(global)) {
    const module = GLOBAL_MODULES.find((m) => !m.mends && m.provides.includes(global));
    const by = module ? implementedBy(module) : WASI_BACKED[global];
    return by ? `filled: ${by}` : 'missing';
  }
  const mend = engine.flawedGlobals?.includes(global)
    ? GLOBAL_MODULES.find((m) => m.mends && m.provides.includes(global))
    : undefined;
  return mend ? `native, mended: ${mend.mends}` : 'native';
}

/** The README's "Web platform globals" table (Markdown): one row per global, one column per engine. */
export function webGlobalsMarkdownTable(engines: readonly EngineAdapter[]): string {
  const lines = [
    `| global | ${engines.map((e) => e.name).join(' | ')} |`,
    `|---|${engines.map(() => '---|').join('')}`,
  ];
  for (const global of WINTERTC_GLOBALS)
    lines.push(`| \`${global}\` | ${engines.map((e) => webGlobalStatus(e, global)).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}
