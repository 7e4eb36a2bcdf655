import { type DefinedSort, GrammarScanner } from './grammar.js';
import { ByteReader } from './reader.js';
import { readComponent, SectionId } from './sections.js';

/**
 * The component's top-level imports, in order: interfaces (`wasi:cli/stdout@0.2.12`, sort
 * `instance`), functions, and the types a world-level `use` brings in (sort `type`). Read from
 * the binary's import sections directly: the same names wasm-tools prints as the world's
 * `import` lines, without loading wasm-tools (~0.1–0.2 s) to print the whole world as text.
 */
export function topLevelImports(bytes: Uint8Array): { name: string; sort: DefinedSort }[] {
  const imports: { name: string; sort: DefinedSort }[] = [];
  for (const section of readComponent(bytes).sections) {
    if (section.id !== SectionId.import) continue;
    const scanner = new GrammarScanner(new ByteReader(section.body));
    scanner.r.vec(() => {
      const { name } = scanner.externName();
      imports.push({ name, sort: scanner.externDesc(0) });
    });
  }
  return imports;
}
