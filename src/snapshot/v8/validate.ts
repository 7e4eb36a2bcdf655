/**
 * Wizer's refusals, in Wizer's order and words: a snapshot only records globals and memories, so
 * anything that changes other state during init (tables, dropped segments, GC objects) or that
 * comes from outside the module (imported globals, tables, memories) cannot be captured.
 */
import { engineUnsupported } from '../../errors.js';
import { Reader } from './bytes.js';
import { EXTERN, type Module, SECTION } from './module.js';
import { type Op, prefixed, readOp, skipValType } from './ops.js';

const HINT = 'Wizer (and this snapshotter, which follows its rules) cannot snapshot this module.';

/** Forbidden instructions by prefix and opcode, with the name Wizer's message uses. */
const FORBIDDEN = new Map<Op, string>([
  [0x26, 'table.set'],
  [prefixed(0xfc, 14), 'table.copy'],
  [prefixed(0xfc, 12), 'table.init'],
  [prefixed(0xfc, 15), 'table.grow'],
  [prefixed(0xfc, 17), 'table.fill'],
  [prefixed(0xfc, 13), 'elem.drop'],
  [prefixed(0xfc, 9), 'data.drop'],
  [prefixed(0xfb, 5), 'struct.set'],
  [prefixed(0xfb, 14), 'array.set'],
  [prefixed(0xfb, 16), 'array.fill'],
  [prefixed(0xfb, 17), 'array.copy'],
  [prefixed(0xfb, 18), 'array.init_data'],
  [prefixed(0xfb, 19), 'array.init_elem'],
]);

function refuse(message: string): never {
  throw engineUnsupported(message, { hint: HINT });
}

/** Throws the first refusal Wizer would report for this module. */
export function validateForSnapshot(m: Module): void {
  for (const section of m.sections) {
    if (section.id === SECTION.global) {
      for (const g of m.globals)
        if (g.mutable && g.kind === 'ref') refuse('unsupported mutable global containing a reference type');
    } else if (section.id === SECTION.code) {
      scanCode(section.payload);
    }
  }
  for (const imp of m.imports) {
    if (imp.module.startsWith('__wizer_') || imp.name.startsWith('__wizer_')) {
      refuse('input Wasm module already imports entities named with the `__wizer_*` prefix');
    }
  }
  for (const exp of m.exports) {
    if (exp.name.startsWith('__wizer_'))
      refuse('input Wasm module already exports entities named with the `__wizer_*` prefix');
  }
  for (const imp of m.imports) {
    if (imp.kind === EXTERN.global) refuse('imported globals are not supported');
    if (imp.kind === EXTERN.table) refuse('imported tables are not supported');
    if (imp.kind === EXTERN.memory) refuse('imported memories are not supported');
  }
}

function scanCode(payload: Uint8Array): void {
  const r = new Reader(payload);
  for (let n = r.u32(); n > 0; n--) {
    const size = r.u32();
    const body = new Reader(payload, r.pos, r.pos + size);
    r.skip(size);
    for (let groups = body.u32(); groups > 0; groups--) {
      body.u32();
      skipValType(body);
    }
    while (!body.eof) {
      const name = FORBIDDEN.get(readOp(body));
      if (name) refuse(`unsupported \`${name}\` instruction`);
    }
  }
}
