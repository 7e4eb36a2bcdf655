import { GrammarScanner } from './grammar.js';
import { ByteReader, concatBytes, encodeName } from './reader.js';
import { readComponent, SectionId, writeComponent } from './sections.js';

export type NameKind = 'import' | 'export';

/**
 * Renames the component's top-level imports and exports: `rename(name, kind)` returns the new
 * name (or the same one). Only the top level: nested components' names are matched by their
 * instantiation arguments, and the top level's names are referred to by nothing but index.
 * Use: a stand-in namespace an engine had to build against, mapped back to the real one
 * (`(n) => n.replace(/^wxsi:/, 'wasi:')`). Two entries of one kind ending up with the same name
 * is an error (the component would be invalid).
 */
export function renameExterns(bytes: Uint8Array, rename: (name: string, kind: NameKind) => string): Uint8Array {
  const component = readComponent(bytes);
  const seen = { import: new Set<string>(), export: new Set<string>() };
  const sections = component.sections.map((section) => {
    const kind: NameKind | undefined =
      section.id === SectionId.import ? 'import' : section.id === SectionId.export ? 'export' : undefined;
    if (!kind) return section;
    const scanner = new GrammarScanner(new ByteReader(section.body));
    const r = scanner.r;
    const chunks: Uint8Array[] = [];
    let from = 0;
    r.vec(() => {
      const { name, at, end } = scanner.externName();
      const renamed = rename(name, kind);
      if (seen[kind].has(renamed)) throw new Error(`renaming gives two ${kind}s named \`${renamed}\``);
      seen[kind].add(renamed);
      if (renamed !== name) {
        chunks.push(section.body.subarray(from, at + 1), encodeName(renamed));
        from = end;
      }
      if (kind === 'import') scanner.externDesc(0);
      else {
        if (scanner.sort().sort === 'type') scanner.typeIndex(0);
        else r.u32();
        if (r.u8() === 0x01) scanner.externDesc(0);
      }
    });
    if (from === 0) return section;
    chunks.push(section.body.subarray(from));
    return { id: section.id, body: concatBytes(chunks) };
  });
  return writeComponent({ ...component, sections });
}
