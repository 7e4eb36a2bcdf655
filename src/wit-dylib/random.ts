import type { ValueConventions } from './adapter.js';

/**
 * A `Math.random` for engines whose generator state is taken into the Wizer snapshot (QuickJS):
 * there every instance of a component would replay the same "random" sequence. The replacement
 * is installed at the end of module evaluation, so top-level code still sees the engine's own
 * generator (its values are frozen into the snapshot anyway; the build warns about that); the
 * first call after the snapshot seeds xoshiro128** from `wasi:random`, once per instance.
 */
export function reseedRandomSource(randomInterface: string, int64: ValueConventions['int64']): string {
  // QuickJS passes a u64 argument of an import as a number; a BigInt would trap.
  const sixteen = int64 === 'number' ? '16' : '16n';
  return `// componentize: Math.random seeded per instance from ${randomInterface}
import { getRandomBytes as __componentize_randomBytes } from ${JSON.stringify(randomInterface)};
const __componentize_random = (() => {
  let s = null;
  const next = () => {
    const r = Math.imul(((Math.imul(s[1], 5) << 7) | (Math.imul(s[1], 5) >>> 25)), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
    s[3] = (s[3] << 11) | (s[3] >>> 21);
    return r;
  };
  return function random() {
    if (s === null) {
      const bytes = __componentize_randomBytes(${sixteen});
      s = new Uint32Array(4);
      for (let i = 0; i < 16; i++) s[i >> 2] |= bytes[i] << ((i & 3) * 8);
      if (!(s[0] | s[1] | s[2] | s[3])) s[0] = 1;
    }
    // 53 random bits, as the browsers' engines give.
    return ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  };
})();
Math.random = __componentize_random;
`;
}
