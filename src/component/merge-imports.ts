import { GrammarScanner } from './grammar.js';
import { readIndexSpaces } from './index-space.js';
import { encodeUnsigned } from './leb128.js';
import { ByteReader, concatBytes } from './reader.js';
import { type ComponentBinary, readComponent, type Section, SectionId, writeComponent } from './sections.js';
import { widenedTypes } from './widen-import-types.js';

/** One import that now comes from another version of the same interface. */
export interface MergedImport {
  /** `wasi:io/poll@0.2.10` */
  from: string;
  /** `wasi:io/poll@0.2.12` */
  into: string;
}

/** A top-level instance import: its name, the instance index it defines, its instance type and where its entry lies. */
interface InstanceImport {
  name: string;
  index: number;
  type: number;
  section: number;
  start: number;
  end: number;
}

/** `wasi:io/poll@0.2.10` → base `wasi:io/poll`, semver parts; prereleases and unversioned names are not merged. */
const VERSIONED = /^([^@]+)@(\d+)\.(\d+)\.(\d+)$/;

/**
 * Imports the same interface once: where the component imports one interface at several
 * semver-compatible versions (`wasi:io/poll@0.2.10` beside `wasi:io/poll@0.2.12`, a runtime's WASI
 * next to the user's world's), the older imports are dropped and everything that used them uses
 * the newest one. WASI 0.2.x releases only add to an interface, and the component model lets an
 * instance with more exports stand in for one with fewer; each merge is still checked: the newest
 * version's instance type must export every name the older one does. A host then provides each
 * interface at one version.
 *
 * Only the top level changes: an import defines an instance index, so later instance indices
 * move down, in aliases (`alias export <instance>`), instantiation arguments, instances made of
 * exports and exports. Nested components keep their own imports; they get the newer instance
 * through the instantiation arguments that named the older one. The top level's name section
 * (names by index) is dropped rather than renumbered. Nothing to merge: the same bytes.
 */
export function mergeImportVersions(bytes: Uint8Array): { component: Uint8Array; merged: MergedImport[] } {
  const component = readComponent(bytes);
  const imports = instanceImports(component);
  const into = new Map<number, InstanceImport>();
  const merged: MergedImport[] = [];
  const unchanged = { component: bytes, merged: [] };
  const groups = compatibleGroups(imports);
  if (!groups.length) return unchanged;
  const types = readIndexSpaces(component).types;
  const replaced = new Map<number, { older: InstanceImport; newest: InstanceImport }>();
  for (const group of groups) {
    const newest = group[0]!;
    const offered = exportNames(component, types, newest.type);
    for (const older of group.slice(1)) {
      const needed = exportNames(component, types, older.type);
      // The newest must be defined first (references in between would point forward).
      if (older.index < newest.index || !offered || !needed) return unchanged;
      if ([...needed].some((n) => !offered.has(n))) {
        // A runtime's import lists only what it calls: where the older import asks for more, the
        // newest takes the older one's type, once, or the versions stay apart.
        if ([...offered].some((n) => !needed.has(n)) || replaced.has(newest.type)) return unchanged;
        replaced.set(newest.type, { older, newest });
      }
      into.set(older.index, newest);
      merged.push({ from: older.name, into: newest.name });
    }
  }
  if (!merged.length) return { component: bytes, merged };

  const dropped = [...into.keys()].sort((a, b) => a - b);
  const renumber = (index: number): number => {
    const target = into.get(index)?.index ?? index;
    return target - dropped.filter((d) => d < target).length;
  };
  const droppedEntries = imports.filter((i) => into.has(i.index));
  const widened = widenedTypes(component, replaced, into);
  if (!widened) return unchanged;
  const sections = component.sections
    .map((section, at) => widened.get(at) ?? section)
    .map((section, at) => rewriteSection(section, at, droppedEntries, renumber))
    .filter((s): s is Section => s !== undefined);
  return { component: writeComponent({ ...component, sections }), merged };
}

/** Groups of imports of one interface at compatible versions (same major; same minor below 1.0), newest first. */
function compatibleGroups(imports: readonly InstanceImport[]): InstanceImport[][] {
  const groups = new Map<string, { entry: InstanceImport; version: number[] }[]>();
  for (const entry of imports) {
    const m = VERSIONED.exec(entry.name);
    if (!m) continue;
    const version = [Number(m[2]), Number(m[3]), Number(m[4])];
    const key = `${m[1]}@${version[0]}.${version[0] === 0 ? version[1] : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), { entry, version }]);
  }
  const newer = (a: number[], b: number[]) => b[0]! - a[0]! || b[1]! - a[1]! || b[2]! - a[2]!;
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => g.sort((a, b) => newer(a.version, b.version)).map((x) => x.entry));
}

/** The top-level instance imports, with the instance index each defines (counted over every section that defines one). */
function instanceImports(component: ComponentBinary): InstanceImport[] {
  const found: InstanceImport[] = [];
  let instances = 0;
  component.sections.forEach((section, at) => {
    const scanner = new GrammarScanner(new ByteReader(section.body));
    const r = scanner.r;
    switch (section.id) {
      case SectionId.import:
        r.vec(() => {
          const start = r.pos;
          const { name } = scanner.externName();
          const kind = r.peek();
          const sort = scanner.externDesc(0);
          if (sort !== 'instance') return;
          if (kind !== 0x05) throw new Error(`instance import \`${name}\` without an instance type`);
          const type = readTypeOfInstanceImport(section.body, start);
          found.push({ name, index: instances++, type, section: at, start, end: r.pos });
        });
        break;
      case SectionId.alias:
        r.vec(() => scanner.alias(0).sort === 'instance' && instances++);
        break;
      case SectionId.instance:
        instances += r.u32();
        break;
      case SectionId.export:
        r.vec(() => {
          scanner.externName();
          const { sort } = scanner.sort();
          r.u32();
          if (r.u8() === 0x01) scanner.externDesc(0);
          if (sort === 'instance') instances++;
        });
        break;
    }
  });
  return found;
}

/** The type index of an instance import entry starting at `start`: after its name, the 0x05 and the index. */
function readTypeOfInstanceImport(body: Uint8Array, start: number): number {
  const scanner = new GrammarScanner(new ByteReader(body, start));
  scanner.externName();
  scanner.r.u8();
  return scanner.r.u32();
}

/** The export names of the instance type defined at `type` in a type section; undefined when it is not one we can read. */
function exportNames(
  component: ComponentBinary,
  types: ReturnType<typeof readIndexSpaces>['types'],
  type: number,
): Set<string> | undefined {
  const site = types[type];
  if (!site || site.at < 0 || site.form !== 0x42) return undefined;
  const scanner = new GrammarScanner(new ByteReader(component.sections[site.section]!.body, site.at));
  const r = scanner.r;
  r.u8();
  const names = new Set<string>();
  for (let count = r.u32(); count > 0; count--) {
    const kind = r.u8();
    if (kind === 0x01) scanner.defType(1);
    else if (kind === 0x02) scanner.alias(1);
    else if (kind === 0x04) {
      names.add(scanner.externName().name);
      scanner.externDesc(1);
    } else return undefined; // a core type inside: not one of WASI's interfaces
  }
  return names;
}

/** A section with the dropped imports removed and every instance index renumbered; undefined when nothing is left of it. */
function rewriteSection(
  section: Section,
  at: number,
  dropped: readonly InstanceImport[],
  renumber: (index: number) => number,
): Section | undefined {
  const body = section.body;
  if (section.id === SectionId.import) {
    const gone = dropped.filter((d) => d.section === at);
    if (!gone.length) return section;
    const r = new ByteReader(body);
    const count = r.u32();
    const chunks: Uint8Array[] = [];
    let from = r.pos;
    for (const d of gone) {
      chunks.push(body.subarray(from, d.start));
      from = d.end;
    }
    chunks.push(body.subarray(from));
    const left = count - gone.length;
    return left ? { id: section.id, body: concatBytes([encodeUnsigned(left), ...chunks]) } : undefined;
  }
  if (section.id === SectionId.custom && customName(body) === 'component-name') return undefined;
  const sites = instanceIndexSites(section);
  if (!sites.length) return section;
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const site of sites) {
    chunks.push(body.subarray(from, site.at), encodeUnsigned(renumber(site.value)));
    from = site.at + site.length;
  }
  chunks.push(body.subarray(from));
  return { id: section.id, body: concatBytes(chunks) };
}

/** Every instance index a top-level section refers to, with where its LEB128 lies. */
function instanceIndexSites(section: Section): { at: number; length: number; value: number }[] {
  const sites: { at: number; length: number; value: number }[] = [];
  const scanner = new GrammarScanner(new ByteReader(section.body));
  const r = scanner.r;
  const index = (isInstance: boolean) => {
    const at = r.pos;
    const value = r.u32();
    if (isInstance) sites.push({ at, length: r.pos - at, value });
  };
  switch (section.id) {
    case SectionId.alias:
      r.vec(() => {
        scanner.sort();
        const target = r.u8();
        if (target === 0x00 || target === 0x01) {
          index(target === 0x00);
          r.name();
        } else if (target === 0x02) {
          r.u32();
          r.u32();
        } else throw new Error(`bad alias target 0x${target.toString(16)}`);
      });
      break;
    case SectionId.instance:
      r.vec(() => {
        const form = r.u8();
        if (form === 0x00) {
          r.u32();
          r.vec(() => {
            r.name();
            index(scanner.sort().sort === 'instance');
          });
        } else if (form === 0x01) {
          r.vec(() => {
            scanner.externName();
            index(scanner.sort().sort === 'instance');
          });
        } else throw new Error(`bad instance form 0x${form.toString(16)}`);
      });
      break;
    case SectionId.export:
      r.vec(() => {
        scanner.externName();
        index(scanner.sort().sort === 'instance');
        if (r.u8() === 0x01) scanner.externDesc(0);
      });
      break;
  }
  return sites;
}

function customName(body: Uint8Array): string {
  return new ByteReader(body).name();
}
