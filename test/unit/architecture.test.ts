import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cycles, type ImportEdge, importGraph } from '../helpers/import-graph.js';

const SRC_URL = new URL('../../src/', import.meta.url);
const SRC = fileURLToPath(SRC_URL);

/**
 * The floors of the house, bottom first. A module may import only from its own folder or from a
 * folder on a lower floor; folders on the same floor do not import each other. This is the map
 * the README's Layout section and the top of src/pipeline.ts draw. A new folder gets a floor here
 * (the test fails for a module on no floor).
 */
const FLOORS: readonly (readonly string[])[] = [
  ['errors.ts', 'vendor/', 'types/'],
  ['toolchain/', 'js/', 'component/', 'guest/'],
  ['store/'],
  ['wit/'],
  ['http/', 'host/', 'snapshot/'],
  ['wit-dylib/'],
  ['world-transforms/'],
  ['engines/quickjs/', 'engines/starlingmonkey/'],
  ['engines/'],
  ['options/'],
  ['report.ts'],
  ['bundle/', 'verify/', 'emit/', 'stage-runner.ts'],
  ['check/', 'cache/'],
  ['build/'],
  ['pipeline.ts', 'watch/'],
  ['config/', 'serve/', 'compare/', 'init/'],
  ['testing/'],
  ['cli/'],
  ['index.ts', 'test.ts', 'cli.ts'],
];

/** The folder (or root module) a module belongs to: the longest entry of FLOORS it starts with. */
function placeOf(module: string): string | undefined {
  const places = FLOORS.flat().filter((p) => (p.endsWith('/') ? module.startsWith(p) : module === p));
  return places.sort((a, b) => b.length - a.length)[0];
}

const floorOf = (place: string) => FLOORS.findIndex((floor) => floor.includes(place));

/** Why an edge breaks the plan, or undefined when it keeps to it. */
function violation(edge: ImportEdge): string | undefined {
  const from = placeOf(edge.from);
  const to = placeOf(edge.to);
  if (!from || !to) return `${edge.from} -> ${edge.to}: ${!from ? edge.from : edge.to} is on no floor`;
  if (from === to) return undefined;
  const [a, b] = [floorOf(from), floorOf(to)];
  if (b < a) return undefined;
  return `${edge.from} -> ${edge.to}${edge.typeOnly ? ' (type)' : ''}: ${from} (floor ${a}) imports ${to} (floor ${b}), ${b === a ? 'a folder on the same floor' : 'a higher floor'}`;
}

describe('the import graph of src/', () => {
  const { files, edges } = importGraph(SRC);

  test('every import names a module that exists', () => {
    expect(edges.filter((e) => !files.includes(e.to)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test('no module imports a module on a higher floor, or a sibling folder on its own floor', () => {
    expect(edges.map(violation).filter(Boolean)).toEqual([]);
  });

  test('no import cycles between modules (type-only imports count)', () => {
    expect(cycles(files, edges)).toEqual([]);
  });

  test('the checks can fail: an added cycle and an added upward import are found', () => {
    const cyclic = [
      ...edges,
      { from: 'wit/world.ts', to: 'wit/names.ts', typeOnly: true },
      { from: 'wit/names.ts', to: 'wit/world.ts', typeOnly: false },
    ];
    expect(cycles(files, cyclic).some((c) => c.includes('wit/world.ts') && c.includes('wit/names.ts'))).toBe(true);
    expect(violation({ from: 'wit/world.ts', to: 'cache/keys.ts', typeOnly: true })).toContain('a higher floor');
    expect(violation({ from: 'http/fetch-glue.ts', to: 'host/invoke.ts', typeOnly: false })).toContain('same floor');
  });

  test('every module is under 300 lines: one job each', () => {
    const long = files
      .map((file) => ({ file, lines: readFileSync(new URL(file, SRC_URL), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines >= 300)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  test("the README's Layout section names every folder of the plan", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('\n## ', readme.indexOf('## Layout') + 1));
    expect(FLOORS.flat().filter((place) => place !== 'types/' && !layout.includes(`src/${place}`))).toEqual([]);
  });
});
