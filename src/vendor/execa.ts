/**
 * execa, as the rest of the code imports it. `npm run build` replaces the compiled file with a
 * single-file bundle (scripts/bundle-vendor.mjs): execa and its dependencies are ~140 modules,
 * the largest share of every build's start-up module loading. Without that step this re-export
 * works the same, only slower.
 */

export type { Options, Result, ResultPromise } from 'execa';
export { execa, execaNode } from 'execa';
