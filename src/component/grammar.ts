import type { ByteReader } from './reader.js';

/**
 * Walks the entries of a component's sections and reports every reference to a *type index*,
 * with how many component levels out its index space lies (0: the component whose section this
 * is; 1: the component around it, reached by an `alias outer`). Refs into a type's own inner
 * scope (inside an instance or component type) are not reported: a rewrite of one index space
 * must leave them alone. Everything else is only read past, so entries' boundaries are exact.
 */
export interface TypeRef {
  /** Offset of the LEB128 in the buffer being read. */
  at: number;
  length: number;
  value: number;
}

export type OnTypeRef = (ref: TypeRef, levelsOut: number) => void;

/** Sorts (the component model's `sort`) by their byte. */
export const Sort = { core: 0x00, func: 0x01, value: 0x02, type: 0x03, component: 0x04, instance: 0x05 } as const;

/** What a section entry defines, for the index spaces (see index-space.ts). */
export type DefinedSort = 'func' | 'type' | 'instance' | 'component' | 'value' | 'core';

export class GrammarScanner {
  constructor(
    readonly r: ByteReader,
    readonly onRef: OnTypeRef = () => {},
  ) {}

  /** A type index in scope `inner` levels inside this component's types (0: not inside any). */
  typeIndex(inner: number): number {
    const at = this.r.pos;
    const value = this.r.u32();
    if (inner === 0) this.onRef({ at, length: this.r.pos - at, value }, 0);
    return value;
  }

  valType(inner: number): void {
    const at = this.r.pos;
    const value = this.r.s33();
    if (value >= 0 && inner === 0) this.onRef({ at, length: this.r.pos - at, value }, 0);
  }

  private optional(read: () => void): void {
    const flag = this.r.u8();
    if (flag === 0x01) read();
    else if (flag !== 0x00) throw new Error(`bad option flag 0x${flag.toString(16)} at byte ${this.r.pos - 1}`);
  }

  /** A type section entry (`deftype`). Returns the form byte (0x40 sync func, 0x43 async func, ...). */
  defType(inner: number): number {
    const form = this.r.peek();
    switch (form) {
      case 0x40:
      case 0x43: // func / async func: params, then results
        this.r.u8();
        this.r.vec(() => (this.r.name(), this.valType(inner)));
        this.resultList(inner);
        return form;
      case 0x41: // component type
        this.r.u8();
        this.r.vec(() => this.componentDecl(inner + 1));
        return form;
      case 0x42: // instance type
        this.r.u8();
        this.r.vec(() => this.instanceDecl(inner + 1));
        return form;
      case 0x3f: // resource: rep i32, optional destructor (a core func index)
        this.r.u8();
        this.r.u8();
        this.optional(() => this.r.u32());
        return form;
      case 0x3e: // async resource: rep, destructor, callback
        this.r.u8();
        this.r.u8();
        this.optional(() => this.r.u32());
        this.optional(() => this.r.u32());
        return form;
      default:
        this.defValType(inner);
        return form;
    }
  }

  private resultList(inner: number): void {
    const form = this.r.u8();
    if (form === 0x00) this.valType(inner);
    else if (form === 0x01) {
      if (this.r.u8() !== 0x00) throw new Error(`unsupported named result list at byte ${this.r.pos - 1}`);
    } else throw new Error(`bad result list 0x${form.toString(16)} at byte ${this.r.pos - 1}`);
  }

  private defValType(inner: number): void {
    const form = this.r.u8();
    if (form >= 0x73 && form <= 0x7f) return; // primitives bool ... string
    if (form === 0x64) return; // error-context
    switch (form) {
      case 0x72: // record
        this.r.vec(() => (this.r.name(), this.valType(inner)));
        return;
      case 0x71: // variant: label, optional payload, 0x00 (the retired `refines`)
        this.r.vec(() => {
          this.r.name();
          this.optional(() => this.valType(inner));
          if (this.r.u8() !== 0x00) throw new Error(`unsupported variant refinement at byte ${this.r.pos - 1}`);
        });
        return;
      case 0x70: // list
      case 0x6b: // option
        this.valType(inner);
        return;
      case 0x67: // fixed-length list
        this.valType(inner);
        this.r.u32();
        return;
      case 0x63: // map
        this.valType(inner);
        this.valType(inner);
        return;
      case 0x6f: // tuple
        this.r.vec(() => this.valType(inner));
        return;
      case 0x6e: // flags
      case 0x6d: // enum
        this.r.vec(() => this.r.name());
        return;
      case 0x6a: // result
        this.optional(() => this.valType(inner));
        this.optional(() => this.valType(inner));
        return;
      case 0x69: // own
      case 0x68: // borrow
        this.typeIndex(inner);
        return;
      case 0x66: // stream
      case 0x65: // future
        this.optional(() => this.valType(inner));
        return;
      default:
        throw new Error(`unsupported type form 0x${form.toString(16)} at byte ${this.r.pos - 1}`);
    }
  }

  private componentDecl(inner: number): void {
    if (this.r.peek() === 0x03) {
      this.r.u8();
      this.externName();
      this.externDesc(inner);
    } else this.instanceDecl(inner);
  }

  private instanceDecl(inner: number): void {
    const kind = this.r.u8();
    if (kind === 0x00) throw new Error(`unsupported core type inside a component-level type at byte ${this.r.pos - 1}`);
    if (kind === 0x01) this.defType(inner);
    else if (kind === 0x02) this.alias(inner);
    else if (kind === 0x04) {
      this.externName();
      this.externDesc(inner);
    } else throw new Error(`bad declaration 0x${kind.toString(16)} at byte ${this.r.pos - 1}`);
  }

  /** `importname'` / `exportname'`: a discriminator byte (0x00, or 0x01 for the older interface form) and a name. */
  externName(): { name: string; at: number; end: number } {
    const at = this.r.pos;
    const kind = this.r.u8();
    if (kind !== 0x00 && kind !== 0x01)
      throw new Error(`unsupported import/export name form 0x${kind.toString(16)} at byte ${at}`);
    const name = this.r.name();
    return { name, at, end: this.r.pos };
  }

  /** `externdesc`; returns the sort it describes. */
  externDesc(inner: number): DefinedSort {
    const kind = this.r.u8();
    switch (kind) {
      case 0x00: // core module type
        if (this.r.u8() !== 0x11) throw new Error(`bad core sort in an extern description at byte ${this.r.pos - 1}`);
        this.typeIndex(inner);
        return 'core';
      case 0x01:
        this.typeIndex(inner);
        return 'func';
      case 0x02: // value bound: eq a value, or of a value type
        if (this.r.u8() === 0x00) this.r.u32();
        else this.valType(inner);
        return 'value';
      case 0x03: // type bound: eq a type, or a fresh resource
        if (this.r.u8() === 0x00) this.typeIndex(inner);
        return 'type';
      case 0x04:
        this.typeIndex(inner);
        return 'component';
      case 0x05:
        this.typeIndex(inner);
        return 'instance';
      default:
        throw new Error(`bad extern description 0x${kind.toString(16)} at byte ${this.r.pos - 1}`);
    }
  }

  /** A `sort`: the byte, and for core sorts the core sort byte. */
  sort(): { sort: DefinedSort; core?: number } {
    const byte = this.r.u8();
    if (byte === Sort.core) return { sort: 'core', core: this.r.u8() };
    const sort = (['func', 'value', 'type', 'component', 'instance'] as const)[byte - 1];
    if (!sort) throw new Error(`bad sort 0x${byte.toString(16)} at byte ${this.r.pos - 1}`);
    return { sort };
  }

  /** An alias; `inner` > 0 inside a type, where `outer` counts that type's scopes too. */
  alias(inner: number): {
    sort: DefinedSort;
    core?: number;
    target: 'export' | 'core-export' | 'outer';
    instance?: number;
    name?: string;
  } {
    const sort = this.sort();
    const target = this.r.u8();
    if (target === 0x00 || target === 0x01) {
      const instance = this.r.u32();
      const name = this.r.name();
      return { ...sort, target: target === 0x00 ? 'export' : 'core-export', instance, name };
    }
    if (target !== 0x02) throw new Error(`bad alias target 0x${target.toString(16)} at byte ${this.r.pos - 1}`);
    const count = this.r.u32();
    const at = this.r.pos;
    const value = this.r.u32();
    const levelsOut = count - inner;
    if (sort.sort === 'type' && levelsOut >= 0) this.onRef({ at, length: this.r.pos - at, value }, levelsOut);
    return { ...sort, target: 'outer' };
  }
}
