import { type DefinedSort, GrammarScanner } from './grammar.js';
import { type ExportEntry, readIndexSpaces } from './index-space.js';
import { encodeUnsigned } from './leb128.js';
import { ByteReader, concatBytes } from './reader.js';
import { type ComponentBinary, readComponent, SectionId, writeComponent } from './sections.js';

/** The component's top-level exports: what a host sees, in order. */
export function topLevelExports(bytes: Uint8Array): { name: string; sort: DefinedSort }[] {
  return readIndexSpaces(readComponent(bytes)).exports.map(({ name, sort }) => ({ name, sort }));
}

/**
 * Removes top-level exports by name. An export defines an index of its sort, so removing one
 * moves every later index of that sort down by one: later exports are renumbered; any other later
 * section that could refer to such an index makes this refuse rather than guess. Names the
 * component does not export are an error.
 */
export function removeExports(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  let component = readComponent(bytes);
  const missing = names.filter((n) => !readIndexSpaces(component).exports.some((e) => e.name === n));
  if (missing.length) throw new Error(`the component does not export ${missing.map((n) => `\`${n}\``).join(', ')}`);
  for (const name of names) component = removeOne(component, name);
  return writeComponent(component);
}

function removeOne(component: ComponentBinary, name: string): ComponentBinary {
  const spaces = readIndexSpaces(component);
  const gone = spaces.exports.find((e) => e.name === name)!;
  const after = (e: ExportEntry) => e.section > gone.section || (e.section === gone.section && e.start > gone.start);
  const later = spaces.exports.filter(after);
  const blocked =
    gone.defines < 0 ||
    later.some((e) => e.sort === gone.sort && e.index === gone.defines) ||
    component.sections
      .slice(gone.section + 1)
      .some(
        (s) =>
          (s.id !== SectionId.export && s.id !== SectionId.alias && s.id !== SectionId.custom) ||
          (s.id === SectionId.alias && gone.sort === 'instance' && aliasesInstanceFrom(s.body, gone.defines)),
      );
  if (blocked)
    throw new Error(
      `cannot remove export \`${gone.name}\`: later parts of the component refer to ${gone.sort} indices it would move`,
    );

  const sections = component.sections.map((section, index) => {
    const entries = spaces.exports.filter((e) => e.section === index);
    if (
      section.id !== SectionId.export ||
      !entries.some((e) => e === gone || (after(e) && e.sort === gone.sort && e.index > gone.defines))
    )
      return section;
    const kept = entries
      .filter((e) => e !== gone)
      .map((e) =>
        after(e) && e.sort === gone.sort && e.index > gone.defines
          ? renumbered(section.body, e, e.index - 1)
          : section.body.subarray(e.start, e.end),
      );
    return { id: section.id, body: concatBytes([encodeUnsigned(kept.length), ...kept]) };
  });
  return {
    ...component,
    sections: sections.filter((s, i) => !(s.id === SectionId.export && s.body[0] === 0 && i === gone.section)),
  };
}

/** An export entry's bytes with its sort index replaced. */
function renumbered(body: Uint8Array, entry: ExportEntry, index: number): Uint8Array {
  const scanner = new GrammarScanner(new ByteReader(body, entry.start));
  scanner.externName();
  scanner.sort();
  const at = scanner.r.pos;
  scanner.r.u32();
  return concatBytes([body.subarray(entry.start, at), encodeUnsigned(index), body.subarray(scanner.r.pos, entry.end)]);
}

function aliasesInstanceFrom(body: Uint8Array, from: number): boolean {
  const scanner = new GrammarScanner(new ByteReader(body));
  return scanner.r.vec(() => scanner.alias(0)).some((a) => a.target === 'export' && (a.instance ?? 0) >= from);
}
