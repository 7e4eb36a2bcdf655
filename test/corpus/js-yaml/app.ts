import * as yaml from 'js-yaml';

// Load (with the default schema), dump with sorted keys, and report a syntax error's mark.
export function run(input: string): string {
  try {
    const data = yaml.load(input) as Record<string, unknown>;
    return `${JSON.stringify(data)}\n${yaml.dump({ ...data, z: [1, 2], a: 'x: y' }, { sortKeys: true })}`;
  } catch (error) {
    const e = error as { name: string; mark?: { line: number; column: number } };
    return `${e.name} at ${e.mark?.line}:${e.mark?.column}`;
  }
}
