/**
 * The resolved WIT world as plain data: what engine adapters and the pre-build checks read.
 * Names are kept as WIT spells them (kebab-case); each engine maps them to JavaScript names.
 */

export type PrimitiveName =
  | 'bool'
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 's8'
  | 's16'
  | 's32'
  | 's64'
  | 'f32'
  | 'f64'
  | 'char'
  | 'string'
  | 'error-context';

export type WitType =
  | { kind: 'primitive'; name: PrimitiveName }
  | { kind: 'list'; element: WitType }
  | { kind: 'option'; some: WitType }
  | { kind: 'result'; ok: WitType | undefined; err: WitType | undefined }
  | { kind: 'tuple'; elements: WitType[] }
  | { kind: 'stream'; element: WitType | undefined }
  | { kind: 'future'; element: WitType | undefined }
  | { kind: 'handle'; mode: 'own' | 'borrow'; resource: string }
  /** A type defined by name in the same interface or world (or brought in with `use`). */
  | { kind: 'named'; name: string };

export interface WitParam {
  name: string;
  type: WitType;
}

export interface WitFunction {
  name: string;
  params: WitParam[];
  result: WitType | undefined;
  async: boolean;
}

export interface WitResource {
  kind: 'resource';
  name: string;
  /** Parameters of the constructor, if the resource has one. */
  constructorParams: WitParam[] | undefined;
  methods: WitFunction[];
  statics: WitFunction[];
  /**
   * Set when the resource is another interface's, brought in with `use` (`use types.{request}`):
   * the interface that defines it. Such a resource is implemented where it is defined, not by
   * an interface that only uses it.
   */
  usedFrom?: string;
}

export type WitTypeDef =
  | { kind: 'record'; name: string; fields: WitParam[] }
  | { kind: 'variant'; name: string; cases: { name: string; type: WitType | undefined }[] }
  | { kind: 'enum'; name: string; cases: string[] }
  | { kind: 'flags'; name: string; flags: string[] }
  | { kind: 'alias'; name: string; type: WitType }
  | WitResource;

export interface WitInterface {
  /** `types`, or fully qualified for another package's interface: `wasi:io/streams@0.2.12`. */
  name: string;
  functions: WitFunction[];
  types: WitTypeDef[];
}

export type WorldItem =
  | { kind: 'function'; name: string; function: WitFunction }
  /** A named interface (`export types;`) or an inline one (`export calc: interface { ... }`). */
  | { kind: 'interface'; name: string; interface: WitInterface };

export interface WorldModel {
  /** `local:hello@0.1.0` */
  package: string;
  name: string;
  imports: WorldItem[];
  exports: WorldItem[];
  /** Types defined in the world itself or brought in with `use`. */
  types: WitTypeDef[];
}

/** Every function reachable from a world item, with where it sits, for checks and messages. */
export interface FunctionSite {
  direction: 'import' | 'export';
  /** `greet`, `calc.add`, `types.counter.inc` */
  path: string;
  function: WitFunction;
  /** Types visible where the function is declared. */
  scope: WitTypeDef[];
}

export function functionSites(world: WorldModel): FunctionSite[] {
  const sites: FunctionSite[] = [];
  for (const direction of ['import', 'export'] as const) {
    for (const item of direction === 'import' ? world.imports : world.exports) {
      if (item.kind === 'function') {
        sites.push({ direction, path: item.name, function: item.function, scope: world.types });
        continue;
      }
      const scope = item.interface.types;
      for (const fn of item.interface.functions)
        sites.push({ direction, path: `${item.name}.${fn.name}`, function: fn, scope });
      for (const def of scope) {
        if (def.kind !== 'resource') continue;
        for (const fn of [...def.methods, ...def.statics])
          sites.push({ direction, path: `${item.name}.${def.name}.${fn.name}`, function: fn, scope });
      }
    }
  }
  return sites;
}

/** Whether `type`, or any type inside it (following named types in `scope`), satisfies `test`. */
export function typeContains(
  type: WitType | undefined,
  test: (t: WitType) => boolean,
  scope: readonly WitTypeDef[],
  seen = new Set<string>(),
): boolean {
  if (!type) return false;
  if (test(type)) return true;
  const inner = (t: WitType | undefined) => typeContains(t, test, scope, seen);
  switch (type.kind) {
    case 'list':
      return inner(type.element);
    case 'option':
      return inner(type.some);
    case 'result':
      return inner(type.ok) || inner(type.err);
    case 'tuple':
      return type.elements.some(inner);
    case 'stream':
    case 'future':
      return inner(type.element);
    case 'named': {
      if (seen.has(type.name)) return false;
      seen.add(type.name);
      const def = scope.find((d) => d.name === type.name);
      if (def?.kind === 'record') return def.fields.some((f) => inner(f.type));
      if (def?.kind === 'variant') return def.cases.some((c) => inner(c.type));
      if (def?.kind === 'alias') return inner(def.type);
      return false;
    }
    default:
      return false;
  }
}

/** Whether any parameter or the result of the function at `site` contains a type satisfying `test`. */
export function signatureContains(site: FunctionSite, test: (t: WitType) => boolean): boolean {
  return [...site.function.params.map((p) => p.type), site.function.result].some((t) =>
    typeContains(t, test, site.scope),
  );
}
