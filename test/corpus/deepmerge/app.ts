import deepmerge from 'deepmerge';

// Merge nested objects: arrays concatenated by default, replaced or combined by custom merges.
export function run(input: string): string {
  const [a, b] = JSON.parse(input) as [object, object];
  const overwrite = (_target: unknown[], source: unknown[]) => source;
  const custom = {
    customMerge: (key: string) =>
      key === 'tags' ? (x: string[], y: string[]) => [...new Set([...x, ...y])] : undefined,
  };
  return [
    JSON.stringify(deepmerge(a, b)),
    JSON.stringify(deepmerge(a, b, { arrayMerge: overwrite })),
    JSON.stringify(deepmerge.all([a, b, { extra: true }], custom as deepmerge.Options)),
  ].join('\n');
}
