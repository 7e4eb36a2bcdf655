import { type ComponentizeError, invalidOption } from '../errors.js';
import { camelCase as camel } from '../wit/names.js';

/** `greet("World")`, `calc.add(1, 2)`, `do-thing([1, 2], {x: 1, y: -2})` */
export interface ExportCall {
  /** Export path in JavaScript names: `['calc', 'add']`. WIT kebab-case is accepted and converted. */
  path: string[];
  args: unknown[];
}

/**
 * Parses a call written like `wasmtime --invoke` takes it, with JSON-like literals: strings
 * ("..." or '...'), numbers (a trailing `n` makes a BigInt), true, false, null, lists [...] and
 * records {key: value} (keys quoted or not).
 */
export function parseCall(text: string, flag = '--invoke'): ExportCall {
  const m = /^\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\(([\s\S]*)\)\s*$/.exec(text);
  if (!m) throw callError(text, flag, 'expected name(arguments), e.g. greet("World") or calc.add(1, 2)');
  const parser = new LiteralParser(m[2]!, text, flag);
  const args = parser.list(')');
  return { path: m[1]!.split('.').map(camel), args };
}

/** `flag`: the option the call was given with (`--invoke`, `--verify`), named in the message. */
function callError(text: string, flag: string, why: string): ComponentizeError {
  // A long call (from --invoke-file) is shortened: the message is about its shape.
  const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  return invalidOption(`Invalid value for ${flag}: ${JSON.stringify(shown)}: ${why}`);
}

class LiteralParser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly whole: string,
    private readonly flag: string,
  ) {}

  private fail(why: string): ComponentizeError {
    return callError(this.whole, this.flag, why);
  }

  /** Comma-separated values up to the end of input (`)`) or a closing bracket. */
  list(close: ')' | ']'): unknown[] {
    const values: unknown[] = [];
    this.space();
    if (close === ')' ? this.i >= this.src.length : this.eat(']')) return values;
    for (;;) {
      values.push(this.value());
      this.space();
      if (this.eat(',')) continue;
      if (close === ']' ? this.eat(']') : this.i >= this.src.length) return values;
      throw this.fail(`unexpected ${JSON.stringify(this.src.slice(this.i, this.i + 10))}`);
    }
  }

  private value(): unknown {
    this.space();
    const c = this.src[this.i];
    if (c === '"' || c === "'") return this.string(c);
    if (c === '[') {
      this.i++;
      return this.list(']');
    }
    if (c === '{') return this.record();
    const word = /^(?:-?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)n?|true|false|null|NaN|-?Infinity)/.exec(
      this.src.slice(this.i),
    )?.[0];
    if (!word) throw this.fail(`cannot read a value at ${JSON.stringify(this.src.slice(this.i, this.i + 10))}`);
    this.i += word.length;
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (word.endsWith('n')) {
      // As in JavaScript, a BigInt literal is a whole number: `1.5n` and `1e3n` are not.
      if (!/^-?\d+n$/.test(word))
        throw this.fail(`${word} is not a BigInt: a BigInt literal is a whole number followed by n, e.g. 15n`);
      return BigInt(word.slice(0, -1));
    }
    return Number(word);
  }

  private string(quote: string): string {
    let out = '';
    this.i++;
    while (this.i < this.src.length) {
      const c = this.src[this.i++]!;
      if (c === quote) return out;
      if (c === '\\') {
        const escaped = this.src[this.i++];
        out += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : (escaped ?? '');
      } else {
        out += c;
      }
    }
    throw this.fail('unterminated string');
  }

  private record(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.space();
    if (this.eat('}')) return out;
    for (;;) {
      this.space();
      const c = this.src[this.i];
      const key = c === '"' || c === "'" ? this.string(c) : /^[A-Za-z_$][\w$-]*/.exec(this.src.slice(this.i))?.[0];
      if (key === undefined) throw this.fail('expected a record field name');
      if (!(c === '"' || c === "'")) this.i += key.length;
      this.space();
      if (!this.eat(':')) throw this.fail(`expected ':' after field ${key}`);
      out[camel(key)] = this.value();
      this.space();
      if (this.eat(',')) continue;
      if (this.eat('}')) return out;
      throw this.fail('expected , or } in a record');
    }
  }

  private space(): void {
    while (/\s/.test(this.src[this.i] ?? '')) this.i++;
  }

  private eat(c: string): boolean {
    if (this.src[this.i] !== c) return false;
    this.i++;
    return true;
  }
}
