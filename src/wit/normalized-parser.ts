import type { ParsedPackage, ParsedWorld, Scope, Use, WorldEntry } from './normalized-ast.js';
import { tokenize, unescapeName } from './wit-tokens.js';
import type { PrimitiveName, WitFunction, WitParam, WitType, WitTypeDef } from './world.js';

/**
 * Recursive-descent reader for one file of normalized WIT, over wit-tokens.ts (see
 * `parse-normalized.ts` for why the input is known-good canonical text).
 */
const PRIMITIVES = new Set<string>('bool u8 u16 u32 u64 s8 s16 s32 s64 f32 f64 char string error-context'.split(' '));

export function parsePackage(text: string): ParsedPackage {
  const p = new Parser(tokenize(text));
  p.expect('package');
  const pkg: ParsedPackage = { name: p.packagePath(), interfaces: new Map(), worlds: new Map() };
  p.expect(';');
  while (!p.done()) {
    const keyword = p.next();
    const name = p.ident();
    p.expect('{');
    if (keyword === 'interface') pkg.interfaces.set(name, { name, ...p.interfaceBody() });
    else if (keyword === 'world') pkg.worlds.set(name, p.worldBody());
    else throw new Error(`unexpected ${keyword}`);
  }
  return pkg;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: string[]) {}

  done(): boolean {
    return this.i >= this.tokens.length;
  }
  peek(offset = 0): string | undefined {
    return this.tokens[this.i + offset];
  }
  next(): string {
    const t = this.tokens[this.i++];
    if (t === undefined) throw new Error('unexpected end of WIT');
    return t;
  }
  expect(token: string): void {
    const t = this.next();
    if (t !== token) throw new Error(`expected ${token}, found ${t}`);
  }
  eat(token: string): boolean {
    if (this.peek() !== token) return false;
    this.i++;
    return true;
  }
  ident(): string {
    return unescapeName(this.next());
  }

  /** `ns:pkg`, `ns:pkg/iface`, each with an optional `@version`. */
  packagePath(): string {
    let path = this.ident();
    while (this.peek() === ':' || this.peek() === '/') path += this.next() + this.ident();
    if (this.peek()?.startsWith('@')) path += this.next();
    return path;
  }

  interfaceBody(): { functions: WitFunction[] } & Scope {
    const body = { functions: [] as WitFunction[], types: [] as WitTypeDef[], uses: [] as Use[] };
    while (!this.eat('}')) {
      const t = this.peek();
      if (t === 'use') body.uses.push(this.use());
      else if (this.isTypeDef(t)) body.types.push(this.typeDef());
      else body.functions.push(this.namedFunction());
    }
    return body;
  }

  worldBody(): ParsedWorld {
    const world: ParsedWorld = { items: [], types: [], uses: [] };
    while (!this.eat('}')) {
      const t = this.next();
      if (t === 'use') {
        this.i--;
        world.uses.push(this.use());
      } else if (t === 'import' || t === 'export') {
        world.items.push({ direction: t, item: this.worldItem() });
      } else if (this.isTypeDef(t)) {
        this.i--;
        world.types.push(this.typeDef());
      } else {
        throw new Error(`unexpected ${t} in world`);
      }
    }
    return world;
  }

  private worldItem(): WorldEntry['item'] {
    if (this.peek(1) !== ':' || this.peek(2) === undefined || !['func', 'async', 'interface'].includes(this.peek(2)!)) {
      const name = this.packagePath();
      this.expect(';');
      return { kind: 'ref', name };
    }
    const name = this.ident();
    this.expect(':');
    if (this.eat('interface')) {
      this.expect('{');
      const body = this.interfaceBody();
      return { kind: 'interface', name, interface: { name, functions: body.functions, types: body.types } };
    }
    const fn = this.functionSignature(name);
    this.expect(';');
    return { kind: 'function', name, function: fn };
  }

  private use(): Use {
    this.expect('use');
    const from = this.packagePath();
    this.expect('.');
    this.expect('{');
    const names: Use['names'] = [];
    while (!this.eat('}')) {
      const name = this.ident();
      names.push({ name, as: this.eat('as') ? this.ident() : name });
      this.eat(',');
    }
    this.expect(';');
    return { from, names };
  }

  private isTypeDef(t: string | undefined): boolean {
    return t === 'record' || t === 'variant' || t === 'enum' || t === 'flags' || t === 'type' || t === 'resource';
  }

  private typeDef(): WitTypeDef {
    const keyword = this.next();
    const name = this.ident();
    if (keyword === 'type') {
      this.expect('=');
      const type = this.type();
      this.expect(';');
      return { kind: 'alias', name, type };
    }
    if (keyword === 'resource') return this.resource(name);
    this.expect('{');
    if (keyword === 'record') return { kind: 'record', name, fields: this.list('}', () => this.param()) };
    if (keyword === 'variant') {
      return {
        kind: 'variant',
        name,
        cases: this.list('}', () => {
          const caseName = this.ident();
          let type: WitType | undefined;
          if (this.eat('(')) {
            type = this.type();
            this.expect(')');
          }
          return { name: caseName, type };
        }),
      };
    }
    const members = this.list('}', () => this.ident());
    return keyword === 'enum' ? { kind: 'enum', name, cases: members } : { kind: 'flags', name, flags: members };
  }

  private resource(name: string): WitTypeDef {
    const def: WitTypeDef = { kind: 'resource', name, constructorParams: undefined, methods: [], statics: [] };
    if (this.eat(';')) return def;
    this.expect('{');
    while (!this.eat('}')) {
      if (this.eat('constructor')) {
        this.expect('(');
        def.constructorParams = this.list(')', () => this.param());
        // A fallible constructor: `constructor(...) -> result<_, e>`.
        if (this.eat('->')) this.type();
        this.expect(';');
        continue;
      }
      const fnName = this.ident();
      this.expect(':');
      const isStatic = this.eat('static');
      const fn = this.functionSignature(fnName);
      this.expect(';');
      (isStatic ? def.statics : def.methods).push(fn);
    }
    return def;
  }

  private namedFunction(): WitFunction {
    const name = this.ident();
    this.expect(':');
    const fn = this.functionSignature(name);
    this.expect(';');
    return fn;
  }

  /** `[async] func(a: T, ...) [-> R]` */
  private functionSignature(name: string): WitFunction {
    const isAsync = this.eat('async');
    this.expect('func');
    this.expect('(');
    const params = this.list(')', () => this.param());
    const result = this.eat('->') ? this.type() : undefined;
    return { name, params, result, async: isAsync };
  }

  private param(): WitParam {
    const name = this.ident();
    this.expect(':');
    return { name, type: this.type() };
  }

  /** Items separated by commas (a trailing one allowed) up to `close`. */
  private list<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    while (!this.eat(close)) {
      items.push(item());
      if (!this.eat(',')) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  type(): WitType {
    const t = this.next();
    if (PRIMITIVES.has(t)) return { kind: 'primitive', name: t as PrimitiveName };
    const generic = () => this.peek() === '<';
    switch (t) {
      case 'list': {
        this.expect('<');
        const element = this.type();
        if (this.eat(',')) this.next(); // fixed length
        this.expect('>');
        return { kind: 'list', element };
      }
      case 'option': {
        this.expect('<');
        const some = this.type();
        this.expect('>');
        return { kind: 'option', some };
      }
      case 'result': {
        if (!generic()) return { kind: 'result', ok: undefined, err: undefined };
        this.expect('<');
        const ok = this.eat('_') ? undefined : this.type();
        const err = this.eat(',') ? this.type() : undefined;
        this.expect('>');
        return { kind: 'result', ok, err };
      }
      case 'tuple':
        this.expect('<');
        return { kind: 'tuple', elements: this.list('>', () => this.type()) };
      case 'stream':
      case 'future': {
        if (!generic()) return { kind: t, element: undefined };
        this.expect('<');
        const element = this.type();
        this.expect('>');
        return { kind: t, element };
      }
      case 'borrow':
      case 'own': {
        this.expect('<');
        const resource = this.ident();
        this.expect('>');
        return { kind: 'handle', mode: t, resource };
      }
      default:
        return { kind: 'named', name: unescapeName(t) };
    }
  }
}
