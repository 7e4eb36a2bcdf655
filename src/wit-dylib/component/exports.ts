import { GrammarScanner, type DefinedSort } from './grammar.js';
import { readIndexSpaces } from './index-space.js';
import { encodeUnsigned } from './leb128.js';
import { ByteReader, concatBytes } from './reader.js';
import { readComponent, SectionId, writeComponent } from './sections.js';

/** The component's top-level exports: what a host sees, in order. */
export function topLevelExports(bytes: Uint8Array): { name: string; sort: DefinedSort }[] {
  return readIndexSpaces(readComponent(bytes)).exports.map(({ name, sort }) => ({ name, sort }));
}

/**
 * Removes top-level exports by name. An export defines an index of its sort, so removing one
 * moves every later index of that sort down: this refuses (rather than renumbers) when a later
 * section refers to such an index. Names the component does not export are an error.
 */
export function removeExports(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  const component = readComponent(bytes);
  const spaces = readIndexSpaces(component);
  const doomed = spaces.exports.filter((e) => names.includes(e.name));
  const missing = names.filter((n) => !doomed.some((e) => e.name === n));
  if (missing.length) throw new Error(`the component does not export ${missing.map((n) => `\`${n}\``).join(', ')}`);

  for (const gone of doomed) {
    const defined = gone.defines;
    const later = component.sections.slice(gone.section + 1);
    const laterExports = spaces.exports.filter((e) => (e.section > gone.section || (e.section === gone.section && e.start > gone.start)) && !doomed.includes(e));
    const refersLater = laterExports.some((e) => e.sort === gone.sort && e.index >= defined) || later.some((s) => ![SectionId.export, SectionId.alias, SectionId.custom].includes(s.id as 0 | 6 | 11) || (s.id === SectionId.alias && gone.sort === 'instance' && aliasesInstanceFrom(s.body, defined)));
    if (refersLater) throw new Error(`cannot remove export \`${gone.name}\`: later parts of the component refer to ${gone.sort} indices it would move`);
  }

  const sections = component.sections.map((section, index) => {
    const entries = spaces.exports.filter((e) => e.section === index);
    if (!entries.some((e) => doomed.includes(e))) return section;
    const kept = entries.filter((e) => !doomed.includes(e)).map((e) => section.body.subarray(e.start, e.end));
    return { id: section.id, body: concatBytes([encodeUnsigned(kept.length), ...kept]) };
  });
  return writeComponent({ ...component, sections: sections.filter((s) => s.id !== SectionId.export || s.body[0] !== 0) });
}

function aliasesInstanceFrom(body: Uint8Array, from: number): boolean {
  const scanner = new GrammarScanner(new ByteReader(body));
  return scanner.r.vec(() => scanner.alias(0)).some((a) => a.target === 'export' && (a.instance ?? 0) >= from);
}
