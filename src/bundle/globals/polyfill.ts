import type { GlobalName } from '../../wit-dylib/adapter.js';

export interface PolyfillModule {
  source: string;
  /** Where its imports resolve from (npm-backed polyfills: componentize's own dependencies). */
  resolveDir?: string;
  /** Shown when the bundle uses the global and the polyfill cannot do the real thing. */
  degradedWarning: string | undefined;
  /** WASI interfaces its source imports; the engine's world gets those it lacks (wit/augment.ts). */
  requires: string[];
}

/** A module that defines globals; put into the bundle only when the code reads one of them. */
export interface Polyfill {
  /** Its name in reports: the (first) global it defines. */
  global: GlobalName;
  /** The globals it defines, as named exports of its module. Default: `[global]`. */
  provides?: readonly GlobalName[];
  /**
   * The engine has these globals and this module wraps them: it is installed over them, and
   * reported as `label` rather than as a polyfilled global.
   */
  wraps?: { label: string };
  /** Globals its own code reads (added with it). */
  uses?: readonly GlobalName[];
  /** Its source depends on the world's imports, so bundling can start before the world is loaded. */
  load(): Promise<PolyfillModule>;
}
