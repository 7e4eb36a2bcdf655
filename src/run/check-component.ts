import { invalidOption } from '../errors.js';
import { componentImports } from '../emit/imports.js';

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
    throw invalidOption(`<component>: ${path} is not a WebAssembly file`, { hint: 'Pass a .wasm component, as componentize builds it.' });
  }
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer !== COMPONENT_LAYER) {
    throw invalidOption(`<component>: ${path} is a core WebAssembly module, not a component`, {
      hint: 'run calls components (the component model); build one with componentize, or wrap a core module with `wasm-tools component new`.',
    });
  }
}

/**
 * The component's own imports (not WASI, which preview2-shim serves) must each come from a
 * `--host` module; without one, Node's loader fails on the `local:` URL as if it were our bug.
 * `hostModules` is keyed by interface name, with or without version.
 */
export async function expectHostModules(bytes: Uint8Array, hostModules: Record<string, string>): Promise<void> {
  const imports = (await componentImports(bytes)).filter((name) => !name.startsWith('wasi:'));
  const missing = imports.filter((name) => !(name in hostModules) && !(name.replace(/@.*$/, '') in hostModules));
  if (!missing.length) return;
  throw invalidOption(`the component imports ${missing.map((m) => `\`${m}\``).join(', ')}, and no --host module provides ${missing.length > 1 ? 'them' : 'it'}`, {
    hint: `Pass an ES module exporting the interface's functions: ${missing.map((m) => `--host ${m.replace(/@.*$/, '')}=./host.js`).join(' ')}`,
  });
}
