import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { incomingHandlerExport, isP3Handler } from '../../src/http/handler-style.js';
import { resolveBuiltinWorld } from '../../src/wit/builtin.js';
import type { WorldItem, WorldModel } from '../../src/wit/world.js';
import { withoutUnusedAsyncImports } from '../../src/world-transforms/async-imports.js';
import { usesWasi } from '../../src/world-transforms/wasi-stand-in.js';

const labels = { wit: '--wit', world: '--world' };
const fn = (name: string, async = false) => ({ name, params: [], result: undefined, async });
const iface = (name: string, ...functions: ReturnType<typeof fn>[]): WorldItem => ({
  kind: 'interface',
  name,
  interface: { name, functions, types: [] },
});
const model = (imports: WorldItem[], exports: WorldItem[]): WorldModel => ({
  package: 'local:app@0.1.0',
  name: 'app',
  imports,
  exports,
  types: [],
});

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('WASI 0.3 HTTP', () => {
  test('wasi:http/proxy@0.3.0 is the 0.3 service world; 0.2 keeps proxy', () => {
    expect(resolveBuiltinWorld('wasi:http/proxy@0.3.0', undefined, '0.2.10', labels)?.world).toBe(
      'wasi:http/service@0.3.0',
    );
    expect(resolveBuiltinWorld('wasi:http/service@0.3.0', undefined, '0.2.10', labels)?.world).toBe(
      'wasi:http/service@0.3.0',
    );
    expect(resolveBuiltinWorld('wasi:http/proxy', undefined, '0.2.10', labels)?.world).toBe('wasi:http/proxy@0.2.10');
  });

  test('wasi:http/handler@0.3.0 is an HTTP handler export; only 0.2 needs the stand-in namespace', () => {
    const p3 = model([iface('wasi:http/types@0.3.0')], [iface('wasi:http/handler@0.3.0', fn('handle', true))]);
    const p2 = model([iface('wasi:http/types@0.2.10')], [iface('wasi:http/incoming-handler@0.2.10', fn('handle'))]);
    expect([isP3Handler('wasi:http/handler@0.3.0'), isP3Handler('wasi:http/incoming-handler@0.2.10')]).toEqual([
      true,
      false,
    ]);
    expect([incomingHandlerExport(p3)?.name, incomingHandlerExport(p2)?.name]).toEqual([
      'wasi:http/handler@0.3.0',
      'wasi:http/incoming-handler@0.2.10',
    ]);
    expect([usesWasi(p3), usesWasi(p2)]).toEqual([false, true]);
  });

  test('the engine world leaves out interfaces with async imports the bundle does not use', async () => {
    const root = await mkdtemp(join(tmpdir(), 'componentize-unit-'));
    dirs.push(root);
    const dir = join(root, 'wit');
    const work = join(root, 'work');
    await mkdir(dir);
    await writeFile(join(dir, 'world.wit'), 'package local:app@0.1.0;\nworld app {}\n');
    const world = model(
      [iface('wasi:http/types@0.3.0'), iface('wasi:http/client@0.3.0', fn('send', true))],
      [iface('wasi:http/handler@0.3.0', fn('handle', true))],
    );
    const seen = await withoutUnusedAsyncImports(
      { witPath: dir, world: 'app', model: world, code: 'export const x = 1;\n', requires: [] },
      work,
      'engine',
    );
    expect(seen.world).toBe('componentize-sync-imports');
    expect(seen.model.imports.map((i) => i.name)).toEqual(['wasi:http/types@0.3.0']);
    const text = await readFile(join(seen.witPath, 'componentize-sync-imports.wit'), 'utf8');
    expect(text).toContain('  import wasi:http/types@0.3.0;\n  export wasi:http/handler@0.3.0;\n');
    expect(text).not.toContain('import wasi:http/client');

    const using = withoutUnusedAsyncImports(
      {
        witPath: dir,
        world: 'app',
        model: world,
        code: "import { send } from 'wasi:http/client@0.3.0';\nexport { send };\n",
        requires: [],
      },
      work,
      'engine',
    );
    await expect(using).rejects.toMatchObject({
      code: 'ENGINE_UNSUPPORTED',
      message: expect.stringContaining('the bundle imports `wasi:http/client@0.3.0`'),
    });
  });

  test('an interface whose only async functions are resource methods builds when the bundle uses it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'componentize-unit-'));
    dirs.push(root);
    const dir = join(root, 'wit');
    await mkdir(dir);
    await writeFile(join(dir, 'world.wit'), 'package local:app@0.1.0;\nworld app {}\n');
    // wasi:filesystem/types@0.3.0: a descriptor whose `open-at` is an async method.
    const types: WorldItem = {
      kind: 'interface',
      name: 'wasi:filesystem/types@0.3.0',
      interface: {
        name: 'wasi:filesystem/types@0.3.0',
        functions: [],
        types: [
          {
            kind: 'resource',
            name: 'descriptor',
            constructorParams: undefined,
            methods: [fn('open-at', true)],
            statics: [],
          },
        ],
      },
    } as WorldItem;
    const world = model(
      [types, iface('wasi:http/client@0.3.0', fn('send', true))],
      [iface('wasi:http/handler@0.3.0', fn('handle', true))],
    );
    const seen = await withoutUnusedAsyncImports(
      {
        witPath: dir,
        world: 'app',
        model: world,
        code: "import { Descriptor } from 'wasi:filesystem/types@0.3.0';\nexport { Descriptor };\n",
        requires: [],
      },
      join(root, 'work'),
      'engine',
    );
    // Kept, while the unused client (an async free function) is still left out.
    expect(seen.model.imports.map((i) => i.name)).toEqual(['wasi:filesystem/types@0.3.0']);
  });
});
