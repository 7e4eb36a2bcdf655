import { expect, test } from 'vitest';
import { standInImports } from '../../src/world-transforms/wasi-stand-in.js';

const STAND_IN = { namespace: 'wxsi' };

// A user's world that only exports wasi:http/incoming-handler@0.2.10: its own WASI is wasi:http,
// wasi:io and wasi:clocks at 0.2.10. The crypto polyfill reads wasi:random at the runtime's
// 0.2.12, which the world lacks: it keeps its name, as the engine's copy of the world adds it
// under `wasi:` (renamed, QuickJS failed "Error resolving module 'wxsi:random/random@0.2.12'").
const OWN = new Set(['wasi:http/types@0.2.10', 'wasi:io/streams@0.2.10', 'wasi:clocks/monotonic-clock@0.2.10']);

test("only the bundle's imports of the world's own WASI interfaces take the stand-in name", () => {
  const code = [
    'import { Fields } from "wasi:http/types@0.2.10";',
    'import { getRandomBytes } from "wasi:random/random@0.2.12";',
    'import { now } from "wasi:clocks/monotonic-clock@0.2.10";',
    'import { getEnvironment } from "wasi:cli/environment@0.2.12";',
  ].join('\n');
  expect(standInImports(code, STAND_IN, OWN).split('\n')).toEqual([
    'import { Fields } from "wxsi:http/types@0.2.10";',
    'import { getRandomBytes } from "wasi:random/random@0.2.12";',
    'import { now } from "wxsi:clocks/monotonic-clock@0.2.10";',
    'import { getEnvironment } from "wasi:cli/environment@0.2.12";',
  ]);
});

test('an unversioned import of an own interface takes the stand-in name too; the length stays', () => {
  const code = 'import { OutgoingBody } from "wasi:http/types";';
  const out = standInImports(code, STAND_IN, OWN);
  expect(out).toBe('import { OutgoingBody } from "wxsi:http/types";');
  expect(out.length).toBe(code.length);
});
