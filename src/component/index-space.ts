import { type DefinedSort, GrammarScanner, type TypeRef } from './grammar.js';
import { ByteReader } from './reader.js';
import { type ComponentBinary, SectionId } from './sections.js';

/** Where a type reference lies: in which section of the component, at which offset of its body. */
export interface RefSite extends TypeRef {
  section: number;
}

export type FuncDef =
  | { kind: 'lift'; type: RefSite }
  | { kind: 'import'; name: string; type: RefSite }
  | { kind: 'export'; of: number; ascribed: RefSite | undefined }
  | { kind: 'other' };

export type InstanceDef =
  | { kind: 'instantiate'; component: number; args: Map<string, { sort: DefinedSort; index: number }> }
  | { kind: 'other' };

export interface ExportEntry {
  name: string;
  sort: DefinedSort;
  index: number;
  /** The index this export itself defines in its sort's index space (-1 for sorts not tracked). */
  defines: number;
  /** The type ascribed to a func export (`(export "f" (func 3) (func (type 7)))`). */
  ascribed: RefSite | undefined;
  section: number;
  /** The entry's byte range in the export section's body. */
  start: number;
  end: number;
}

/**
 * The index spaces of one component level, read from its sections in order: what defines each
 * function and instance, where each type is defined, which nested component each index is, the
 * exports, and every type reference (for counting a type's users). Nested components are not
 * entered: they have index spaces of their own.
 */
export interface IndexSpaces {
  funcs: FuncDef[];
  instances: InstanceDef[];
  /** Type index → section number and the entry's offset in that section's body (-1 where an import, alias or export defines it), and its form byte. */
  types: { section: number; at: number; form: number }[];
  /** Component index → section number of the nested component. */
  components: number[];
  exports: ExportEntry[];
  /** Every type reference of this level (levels-out 0), including nested components' outer aliases to it. */
  typeRefs: RefSite[];
}

export function readIndexSpaces(component: ComponentBinary): IndexSpaces {
  const spaces: IndexSpaces = { funcs: [], instances: [], types: [], components: [], exports: [], typeRefs: [] };
  let current = 0;
  const define = (sort: DefinedSort) => {
    if (sort === 'func') spaces.funcs.push({ kind: 'other' });
    else if (sort === 'instance') spaces.instances.push({ kind: 'other' });
    else if (sort === 'type') spaces.types.push({ section: current, at: -1, form: -1 });
    else if (sort === 'component') spaces.components.push(-1);
  };
  component.sections.forEach((section, index) => {
    current = index;
    const refs: RefSite[] = [];
    const scanner = new GrammarScanner(new ByteReader(section.body), (ref, out) => {
      if (out === 0) refs.push({ ...ref, section: index });
    });
    const r = scanner.r;
    const last = () => refs.at(-1);
    switch (section.id) {
      case SectionId.type:
        r.vec(() => {
          const at = r.pos;
          spaces.types.push({ section: index, at, form: scanner.defType(0) });
        });
        break;
      case SectionId.import:
        r.vec(() => {
          const { name } = scanner.externName();
          const before = refs.length;
          const sort = scanner.externDesc(0);
          if (sort === 'func') spaces.funcs.push({ kind: 'import', name, type: refs[before]! });
          else define(sort);
        });
        break;
      case SectionId.export:
        r.vec(() => {
          const start = r.pos;
          const { name } = scanner.externName();
          const { sort } = scanner.sort();
          const idx = sort === 'type' ? scanner.typeIndex(0) : r.u32();
          let ascribed: RefSite | undefined;
          if (r.u8() === 0x01) {
            const before = refs.length;
            scanner.externDesc(0);
            ascribed = refs.length > before ? refs[before] : undefined;
          }
          const counts = {
            func: spaces.funcs.length,
            instance: spaces.instances.length,
            type: spaces.types.length,
            component: spaces.components.length,
          };
          const defines = sort in counts ? counts[sort as keyof typeof counts] : -1;
          spaces.exports.push({ name, sort, index: idx, defines, ascribed, section: index, start, end: r.pos });
          if (sort === 'func') spaces.funcs.push({ kind: 'export', of: idx, ascribed });
          else define(sort);
        });
        break;
      case SectionId.alias:
        r.vec(() => define(scanner.alias(0).sort));
        break;
      case SectionId.canon:
        r.vec(() => readCanon(scanner, spaces, last));
        break;
      case SectionId.instance:
        r.vec(() => {
          const form = r.u8();
          if (form === 0x00) {
            const componentIdx = r.u32();
            const args = new Map<string, { sort: DefinedSort; index: number }>();
            r.vec(() => {
              const name = r.name();
              const { sort } = scanner.sort();
              args.set(name, { sort, index: sort === 'type' ? scanner.typeIndex(0) : r.u32() });
            });
            spaces.instances.push({ kind: 'instantiate', component: componentIdx, args });
          } else {
            r.vec(() => {
              scanner.externName();
              if (scanner.sort().sort === 'type') scanner.typeIndex(0);
              else r.u32();
            });
            spaces.instances.push({ kind: 'other' });
          }
        });
        break;
      case SectionId.component:
        spaces.components.push(index);
        scanNestedOuterRefs(section.body, 1, (ref) => refs.push({ ...ref, section: index }));
        break;
      default:
        // Core sections and custom sections define nothing in the component-level index spaces
        // we track and hold no component type references.
        break;
    }
    spaces.typeRefs.push(...refs);
  });
  return spaces;
}

/** A canon section entry; lifts define funcs (their type is a reference), the rest core items. */
function readCanon(scanner: GrammarScanner, spaces: IndexSpaces, last: () => RefSite | undefined): void {
  const r = scanner.r;
  const op = r.u8();
  const options = () => r.vec(() => readCanonOption(r));
  switch (op) {
    case 0x00: // lift: 0x00 core-func options type
      r.u8();
      r.u32();
      options();
      scanner.typeIndex(0);
      spaces.funcs.push({ kind: 'lift', type: last()! });
      return;
    case 0x01: // lower
      r.u8();
      r.u32();
      options();
      return;
    case 0x02: // resource.new
    case 0x03: // resource.drop
    case 0x04: // resource.rep
    case 0x07: // resource.drop async
      scanner.typeIndex(0);
      return;
    default:
      throw new Error(
        `unsupported canonical function 0x${op.toString(16)} (component-model async built-ins are not rewritten yet)`,
      );
  }
}

function readCanonOption(r: ByteReader): void {
  const opt = r.u8();
  if (opt >= 0x03 && opt <= 0x05)
    r.u32(); // memory, realloc, post-return
  else if (opt === 0x07 || opt === 0x08)
    r.u32(); // callback, core type
  else if (opt > 0x09) throw new Error(`unsupported canonical option 0x${opt.toString(16)}`);
}

/**
 * Type references of an enclosing component made from inside a nested component (`alias outer`),
 * `depth` levels down; offsets are in `body`, the nested component section's body.
 */
export function scanNestedOuterRefs(body: Uint8Array, depth: number, onRef: (ref: TypeRef) => void): void {
  const reader = new ByteReader(body, 8);
  while (!reader.done) {
    const id = reader.u8();
    const size = reader.u32();
    const start = reader.pos;
    const end = start + size;
    const inner = new ByteReader(body, start, end);
    const scanner = new GrammarScanner(inner, (ref, out) => {
      if (out === depth) onRef(ref);
    });
    if (id === SectionId.alias) inner.vec(() => scanner.alias(0));
    else if (id === SectionId.type) inner.vec(() => scanner.defType(0));
    else if (id === SectionId.import) inner.vec(() => (scanner.externName(), scanner.externDesc(0)));
    else if (id === SectionId.component)
      scanNestedOuterRefs(body.subarray(start, end), depth + 1, (ref) => onRef({ ...ref, at: ref.at + start }));
    reader.pos = end;
  }
}
