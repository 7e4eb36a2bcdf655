import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';
import { type ServingProcess, startServing } from './helpers/serve.js';

// A user's own WIT folder with WASI 0.2.10 in deps/ (not the built-in `--wit wasi:http/proxy`),
// whose world only exports wasi:http/incoming-handler@0.2.10. On QuickJS the world builds under
// the WASI stand-in namespace, while the polyfills' WASI the world lacks (wasi:random for crypto
// and Math.random, wasi:cli/environment for process.env) is the runtime's 0.2.12 and must keep
// its `wasi:` name: renamed, the build failed "Error resolving module 'wxsi:random/random@0.2.12'".
const ENGINES = ['quickjs', 'starlingmonkey'] as const;
const FIXTURE = join(FIXTURES, 'http', 'user-wit-0.2.10');

const built = new Map<string, { out: string; imports: string[] }>();

beforeAll(async () => {
  await Promise.all(
    ENGINES.map(async (engine) => {
      const out = join(OUT_DIR, `user-wit-${engine}.wasm`);
      const args = [join(FIXTURE, 'app.ts'), '--wit', join(FIXTURE, 'wit'), '--engine', engine, '-o', out, '--json'];
      const result = await runCli(args);
      // The report (stdout) names the engine's error.
      expect(result.exitCode, result.stdout).toBe(0);
      built.set(engine, { out, imports: JSON.parse(result.stdout).imports });
    }),
  );
}, 400_000);

for (const engine of ENGINES) {
  describe(`a user's WIT folder with WASI 0.2.10 on ${engine}`, () => {
    let server: ServingProcess;
    beforeAll(async () => {
      server = await startServing(built.get(engine)!.out);
    }, 120_000);
    afterAll(async () => {
      expect(await server?.stop()).toBe(0);
    });

    it('imports wasi:http 0.2.10 and each interface at one version only', () => {
      const { imports } = built.get(engine)!;
      expect(imports).toContain('wasi:http/types@0.2.10');
      expect(imports.filter((name) => !name.startsWith('wasi:'))).toEqual([]);
      const unversioned = imports.map((name) => name.replace(/@[^@/]*$/, ''));
      expect(unversioned.filter((name, i) => unversioned.indexOf(name) !== i)).toEqual([]);
    });

    it('answers a real request: timers, crypto, Math.random and process.env work in the handler', async () => {
      const response = await fetch(`${server.origin}/user/wit?x=1`, { method: 'POST', body: 'hello 0.2.10' });
      expect([response.status, response.headers.get('x-handler'), await response.json()]).toEqual([
        200,
        'user-wit',
        { path: '/user/wit', method: 'POST', text: 'hello 0.2.10', uuid: true, random: true, env: 'object' },
      ]);
    });
  });
}
