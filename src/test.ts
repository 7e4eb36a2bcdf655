/**
 * `componentize/test`: load a component in a test (vitest, jest, node:test), built from source
 * through the build cache, with mocked host imports; failures carry source-mapped stacks.
 */
export { loadComponent } from './testing/load-component.js';
export type { ImportMocks, LoadedComponent, LoadOptions } from './testing/load-component.js';
