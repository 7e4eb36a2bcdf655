import { invalidOption } from '../errors.js';

/** `\0asm`, then the version and layer: core modules are `01 00 00 00`, components `0d 00 01 00`. */
const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const COMPONENT_LAYER = 1;

/**
 * What `run` can tell the user before handing the bytes to jco, whose errors for these mistakes
 * read as internal ones ("expected `(`", "failed to translate component"): a file that is not
 * Wasm, and a core module where a component is needed.
 */
export function expectComponent(bytes: Uint8Array, path: string): void {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw invalidOption(`<component>: ${path} is not a WebAssembly file`, {
      hint: 'Pass a .wasm component, as componentize builds it.',
    });
  }
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer !== COMPONENT_LAYER) {
    throw invalidOption(`<component>: ${path} is a core WebAssembly module, not a component`, {
      hint: 'run calls components (the component model); build one with componentize, or wrap a core module with `wasm-tools component new`.',
    });
  }
}

/**
 * The component's own imports (not WASI, which preview2-shim serves) must each come from a host
 * module; without one, Node's loader fails on the `local:` URL as if it were our bug. `specifiers`
 * are the imports of jco's output after mapping: what is left with a WIT package scheme
 * (`local:app/host`) has no module. Interfaces of types only are not imported by jco's output.
 */
export function expectHostModules(specifiers: readonly string[]): void {
  const missing = specifiers.filter((s) => /^[a-z][\w-]*:/.test(s) && !/^(?:file|data|node):/.test(s));
  if (!missing.length) return;
  throw invalidOption(
    `the component imports ${missing.map((m) => `\`${m}\``).join(', ')}, and no host module provides ${missing.length > 1 ? 'them' : 'it'}`,
    {
      hint: `Pass an ES module exporting the interface's functions: ${missing.map((m) => `--host ${m.replace(/@.*$/, '')}=./host.js`).join(' ')} (API: hostModules).`,
    },
  );
}
