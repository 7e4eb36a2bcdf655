import { wasmTools } from '../wit/wasm-tools.js';

/**
 * What the component asks of its host, read from the binary itself (not from the options that
 * were supposed to produce it): the `import` lines of the world wasm-tools prints for it.
 * `wasi:cli/stdout@0.2.12`, `local:hello/host`, or a bare function name for an imported function.
 */
export async function componentImports(component: Uint8Array): Promise<string[]> {
  const tools = await wasmTools();
  const wit = await tools.componentWit(component);
  const root = wit.slice(wit.indexOf('world root {'));
  const imports: string[] = [];
  // `import wasi:cli/stdout@0.2.12;` or `import log: func(...)`: the name ends at `;` or `: `.
  for (const match of root.matchAll(/^ {2}import (\S+?)(?:;|: )/gm)) imports.push(match[1]!);
  return imports;
}

/** `wasi:cli/{stdin,stdout}@0.2.12, local:hello/host`: one entry per package and version. */
export function summarizeImports(imports: readonly string[]): string {
  const groups = new Map<string, string[]>();
  const plain: string[] = [];
  for (const name of imports) {
    const m = /^([^/]+)\/([^@]+)(@.+)?$/.exec(name);
    if (!m) {
      plain.push(name);
      continue;
    }
    const key = `${m[1]}|${m[3] ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), m[2]!]);
  }
  const parts = [...groups].map(([key, names]) => {
    const [pkg, version] = key.split('|') as [string, string];
    return names.length === 1 ? `${pkg}/${names[0]}${version}` : `${pkg}/{${names.join(',')}}${version}`;
  });
  return [...parts, ...plain].join(', ') || 'none';
}
