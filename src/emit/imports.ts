import { topLevelImports } from '../component/imports.js';

/**
 * What the component asks of its host, read from the binary itself (not from the options that
 * were supposed to produce it): the names of its interface and function imports, as wasm-tools
 * prints them as the world's `import` lines (in its order). `wasi:cli/stdout@0.2.12`, `local:hello/host`, or a
 * bare function name for an imported function.
 */
export function componentImports(component: Uint8Array): string[] {
  const imports = topLevelImports(component);
  // wasm-tools prints the interfaces first, then the functions, each in binary order.
  return [...imports.filter((i) => i.sort === 'instance'), ...imports.filter((i) => i.sort === 'func')].map(
    (i) => i.name,
  );
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
