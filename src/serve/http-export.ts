import { topLevelExports } from '../component/exports.js';
import { exportNotFound } from '../errors.js';
import { isP3Handler } from '../http/handler-style.js';

/**
 * Refuses, before anything listens, a component without an HTTP handler to serve: started, it
 * would answer every request with a 500. Named: what the component exports instead.
 */
export function expectHttpHandler(component: Uint8Array, shownPath: string): void {
  const names = topLevelExports(component).map((e) => e.name);
  if (names.some((name) => /^wasi:http\/incoming-handler(@|$)/.test(name) || isP3Handler(name))) return;
  const exported = names.length ? `it exports ${names.map((n) => `\`${n}\``).join(', ')}` : 'it exports nothing';
  throw exportNotFound(
    `${shownPath} has no HTTP handler to serve: serve needs an export of wasi:http/incoming-handler, and ${exported}`,
    {
      hint: 'Build an HTTP component with --wit wasi:http/proxy (a `fetch` handler; `componentize init --template http` writes one), or call this one with `componentize run`.',
    },
  );
}
