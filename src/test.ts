/**
 * `componentize/test`: load a component in a test (vitest, jest, node:test), built from source
 * through the build cache, with mocked host imports; failures carry source-mapped stacks. Or
 * serve an HTTP component on 127.0.0.1 and send it real requests.
 */

export type { ImportMocks, LoadedComponent, LoadOptions } from './testing/load-component.js';
export { loadComponent } from './testing/load-component.js';
export type { AccessLogEntry, FailureLogEntry, ServedComponent, ServeOptions } from './testing/serve-component.js';
export { serveComponent } from './testing/serve-component.js';
