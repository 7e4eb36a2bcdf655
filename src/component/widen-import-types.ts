import { GrammarScanner, type TypeRef } from './grammar.js';
import { readIndexSpaces } from './index-space.js';
import { encodeUnsigned } from './leb128.js';
import { ByteReader, concatBytes } from './reader.js';
import { type ComponentBinary, type Section, SectionId } from './sections.js';

/** A top-level import as merge-imports.ts sees it: the instance index it defines and its instance type. */
export interface ImportedInstance {
  index: number;
  type: number;
}

/** The top level's type index space: where each type-section entry lies, and which types alias an instance's export. */
function typeIndexSpace(component: ComponentBinary) {
  const entries = new Map<number, { section: number; at: number; end: number }>();
  const aliases = new Map<number, { instance: number; name: string }>();
  let next = 0;
  component.sections.forEach((section, index) => {
    const scanner = new GrammarScanner(new ByteReader(section.body));
    const r = scanner.r;
    if (section.id === SectionId.type)
      r.vec(() => {
        const at = r.pos;
        scanner.defType(0);
        entries.set(next++, { section: index, at, end: r.pos });
      });
    else if (section.id === SectionId.import)
      r.vec(() => (scanner.externName(), scanner.externDesc(0) === 'type' && next++));
    else if (section.id === SectionId.alias)
      r.vec(() => {
        const alias = scanner.alias(0);
        if (alias.sort !== 'type') return;
        if (alias.target === 'export') aliases.set(next, { instance: alias.instance!, name: alias.name! });
        next++;
      });
    else if (section.id === SectionId.export)
      r.vec(() => {
        scanner.externName();
        const { sort } = scanner.sort();
        r.u32();
        if (r.u8() === 0x01) scanner.externDesc(0);
        if (sort === 'type') next++;
      });
  });
  return { entries, aliases };
}

/**
 * The type sections in which each newest import's instance type is replaced by the older
 * import's (the one asking for more of the interface), keyed by section number. The older type's
 * outer references are the resources it `use`s, aliased from older imports (`alias export 18
 * "pollable"`); each is pointed at the same export of the instance that import merges into,
 * aliased before the replaced type (`alias export 3 "pollable"`). The replaced type keeps its
 * index, so nothing else moves. Undefined when a type serves more than its one import, or an
 * outer reference has no such counterpart: then the versions must stay apart.
 */
export function widenedTypes(
  component: ComponentBinary,
  replaced: ReadonlyMap<number, { older: ImportedInstance }>,
  into: ReadonlyMap<number, ImportedInstance>,
): Map<number, Section> | undefined {
  if (!replaced.size) return new Map();
  const { entries, aliases } = typeIndexSpace(component);
  const refs = readIndexSpaces(component).typeRefs;
  const edits = new Map<number, { at: number; end: number; bytes: Uint8Array }[]>();
  for (const [type, { older }] of replaced) {
    const target = entries.get(type);
    const source = entries.get(older.type);
    if (!target || !source || refs.filter((ref) => ref.value === type).length !== 1) return undefined;
    const body = component.sections[source.section]!.body;
    const outer: TypeRef[] = [];
    new GrammarScanner(new ByteReader(body, source.at, source.end), (ref, out) => out === 0 && outer.push(ref)).defType(
      0,
    );
    const chunks: Uint8Array[] = [];
    let from = source.at;
    for (const ref of outer) {
      const alias = aliases.get(ref.value);
      if (!alias) return undefined;
      const instance = into.get(alias.instance)?.index ?? alias.instance;
      const counterpart = [...aliases].find(([t, a]) => t < type && a.instance === instance && a.name === alias.name);
      if (!counterpart) return undefined;
      chunks.push(body.subarray(from, ref.at), encodeUnsigned(counterpart[0]));
      from = ref.at + ref.length;
    }
    chunks.push(body.subarray(from, source.end));
    edits.set(target.section, [...(edits.get(target.section) ?? []), { ...target, bytes: concatBytes(chunks) }]);
  }
  const sections = new Map<number, Section>();
  for (const [index, list] of edits) {
    const body = component.sections[index]!.body;
    const chunks: Uint8Array[] = [];
    let from = 0;
    for (const edit of list.sort((a, b) => a.at - b.at)) {
      chunks.push(body.subarray(from, edit.at), edit.bytes);
      from = edit.end;
    }
    chunks.push(body.subarray(from));
    sections.set(index, { id: SectionId.type, body: concatBytes(chunks) });
  }
  return sections;
}
