/*
 * Math.random while the snapshot is taken, for engines whose own generator cannot run then
 * (`snapshotRandom: 'after-snapshot'`, see adapter.ts). The bundle installs it before the user's
 * code and puts the engine's own back when the module has run; what top-level code drew is
 * frozen into the snapshot either way (the build warns: FROZEN_AT_BUILD).
 */

const ENGINE_RANDOM = "Symbol.for('componentize.engineRandom')";

/** The polyfill module: a fixed-seed mulberry32 over `Math.random`, the engine's kept aside. */
export const BUILD_TIME_RANDOM_SOURCE = `// componentize: Math.random for top-level code while the snapshot is taken
const M = globalThis.Math;
globalThis[${ENGINE_RANDOM}] = M.random;
let seed = 0x9e3779b9;
M.random = function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = M.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + M.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
export { M as Math };
`;

/** Appended after the user's module: the engine's own generator back, seeded per instance when first called. */
export const RESTORE_ENGINE_RANDOM = `// componentize: the engine's Math.random back after top-level code
{ const r = globalThis[${ENGINE_RANDOM}]; if (r) { Math.random = r; delete globalThis[${ENGINE_RANDOM}]; } }
`;
