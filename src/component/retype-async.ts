import { GrammarScanner } from './grammar.js';
import { type IndexSpaces, type RefSite, readIndexSpaces } from './index-space.js';
import { encodeUnsigned } from './leb128.js';
import { applySplices, paddedUnsigned, type Splice } from './patch-bytes.js';
import { ByteReader, concatBytes } from './reader.js';
import { type ComponentBinary, readComponent, SectionId, writeComponent } from './sections.js';

const SYNC_FUNC = 0x40;
const ASYNC_FUNC = 0x43;

/**
 * Re-types exported functions from `func` to `async func`, leaving their (sync) lifts as they are:
 * the component model allows a sync lift of an async-typed function. `functions` are the WIT
 * names as exported: `greet` for a world-level function, `ns:pkg/iface@1.0.0#greet` for a
 * function of an exported interface (wit-component exports those through a nested "shim"
 * component, whose import and export of the function are re-typed too).
 *
 * A function type shared with a function that stays sync gets a new type entry instead of being
 * changed; later type indices of that component are renumbered.
 */
export function retypeAsync(bytes: Uint8Array, functions: readonly string[]): Uint8Array {
  let component = readComponent(bytes);
  const world = functions.filter((f) => !f.includes('#'));
  const byInterface = new Map<string, string[]>();
  for (const f of functions.filter((f) => f.includes('#'))) {
    const [iface, name] = [f.slice(0, f.lastIndexOf('#')), f.slice(f.lastIndexOf('#') + 1)];
    byInterface.set(iface, [...(byInterface.get(iface) ?? []), name]);
  }

  // The shims first: they are sections of this component, so its offsets stay valid meanwhile.
  const spaces = readIndexSpaces(component);
  for (const [iface, names] of byInterface) {
    const shim = shimOf(spaces, iface);
    const section = component.sections[shim.section]!;
    component.sections[shim.section] = { id: SectionId.component, body: retypeAsync(section.body, names) };
  }

  // Then this level, one type at a time (a new type entry moves every later offset).
  for (;;) {
    const current = readIndexSpaces(component);
    const wanted = [
      ...world.map((name) => liftedType(current, funcExport(current, name))),
      ...[...byInterface].flatMap(([iface, names]) =>
        names.map((n) => liftedType(current, shimArgument(current, iface, n))),
      ),
    ].flat();
    const pending = wanted.find((ref) => current.types[ref.value]?.form !== ASYNC_FUNC);
    if (!pending) break;
    component = makeAsync(
      component,
      current,
      pending.value,
      wanted.filter((r) => r.value === pending.value),
    );
  }
  return writeComponent(component);
}

function funcExport(spaces: IndexSpaces, name: string): { index: number; refs: RefSite[] } {
  const found = spaces.exports.find((e) => e.name === name);
  if (!found) throw new Error(`the component exports no \`${name}\``);
  if (found.sort !== 'func') throw new Error(`\`${name}\` is exported as ${found.sort}, not as a function`);
  return { index: found.index, refs: found.ascribed ? [found.ascribed] : [] };
}

/** The nested component whose instance is exported as `iface`. */
function shimOf(spaces: IndexSpaces, iface: string) {
  const found = spaces.exports.find((e) => e.name === iface && e.sort === 'instance');
  const instance = found && spaces.instances[found.index];
  if (instance?.kind !== 'instantiate')
    throw new Error(`the component exports no interface \`${iface}\` made by instantiating a nested component`);
  const section = spaces.components[instance.component];
  if (section === undefined || section < 0)
    throw new Error(`the component that makes \`${iface}\` is imported or aliased, not nested`);
  return { section, instance };
}

/** The function of this level passed to the shim of `iface` as the import behind its export `name`. */
function shimArgument(spaces: IndexSpaces, iface: string, name: string): { index: number; refs: RefSite[] } {
  const { instance } = shimOf(spaces, iface);
  // wit-component names the shim's imports after what they carry: `import-func-<name>`,
  // `import-method-<resource>-<method>`, ...; the shim's export of `name` is defined by one of them.
  const candidates = [...instance.args].filter(
    ([arg, value]) => value.sort === 'func' && argumentNames(name).includes(arg),
  );
  if (candidates.length !== 1)
    throw new Error(`cannot tell which argument of the \`${iface}\` shim carries \`${name}\``);
  return { index: candidates[0]![1].index, refs: [] };
}

function argumentNames(name: string): string[] {
  const method = /^\[(method|static)\]([^.]+)\.(.+)$/.exec(name);
  if (method) return [`import-${method[1]}-${method[2]}-${method[3]}`];
  const ctor = /^\[constructor\](.+)$/.exec(name);
  if (ctor) return [`import-constructor-${ctor[1]}`];
  return [`import-func-${name}`];
}

/** Follows re-exports down to the `canon lift`; returns every type reference on the way. */
function liftedType(spaces: IndexSpaces, start: { index: number; refs: RefSite[] }): RefSite[] {
  const refs = [...start.refs];
  let index = start.index;
  for (let hops = 0; hops < 100; hops++) {
    const def = spaces.funcs[index];
    if (def?.kind === 'export') {
      if (def.ascribed) refs.push(def.ascribed);
      index = def.of;
    } else if (def?.kind === 'lift' || def?.kind === 'import') {
      return [...refs, def.type];
    } else {
      throw new Error(`function ${index} is neither lifted nor imported here: cannot re-type it`);
    }
  }
  throw new Error('a cycle of re-exports');
}

/** Makes type `type` async for the references `users`: in place if nothing else uses it, else as a new entry. */
function makeAsync(component: ComponentBinary, spaces: IndexSpaces, type: number, users: RefSite[]): ComponentBinary {
  const def = spaces.types[type];
  if (!def || def.at < 0) throw new Error(`type ${type} is not defined by a type section here`);
  if (def.form !== SYNC_FUNC) throw new Error(`type ${type} is not a function type`);
  const key = (r: RefSite) => `${r.section}:${r.at}`;
  const requested = new Set(users.map(key));
  const others = spaces.typeRefs.filter((r) => r.value === type && !requested.has(key(r)));
  const sections = [...component.sections];
  const typeSection = sections[def.section]!;
  if (others.length === 0) {
    const body = typeSection.body.slice();
    body[def.at] = ASYNC_FUNC;
    sections[def.section] = { id: typeSection.id, body };
    return { ...component, sections };
  }

  // A new entry right before the first user: every type defined from there on moves up by one.
  const insertAt = Math.min(...users.map((u) => u.section));
  const fresh = spaces.types.filter((t) => t.section < insertAt).length;
  const reader = new ByteReader(typeSection.body, def.at);
  new GrammarScanner(reader).defType(0);
  const entry = typeSection.body.slice(def.at, reader.pos);
  entry[0] = ASYNC_FUNC;

  const splices = new Map<number, Splice[]>();
  for (const ref of spaces.typeRefs) {
    if (ref.section < insertAt) continue;
    const value = requested.has(key(ref)) ? fresh : ref.value >= fresh ? ref.value + 1 : ref.value;
    if (value === ref.value) continue;
    const nested = sections[ref.section]!.id === SectionId.component;
    const bytes = nested ? paddedUnsigned(value, ref.length) : encodeUnsigned(value);
    if (!bytes)
      throw new Error(
        `type index ${value} does not fit the ${ref.length}-byte reference inside nested component section ${ref.section}`,
      );
    splices.set(ref.section, [...(splices.get(ref.section) ?? []), { at: ref.at, length: ref.length, bytes }]);
  }
  for (const [index, list] of splices)
    sections[index] = { id: sections[index]!.id, body: applySplices(sections[index]!.body, list) };
  sections.splice(insertAt, 0, { id: SectionId.type, body: concatBytes([encodeUnsigned(1), entry]) });
  return { ...component, sections };
}
