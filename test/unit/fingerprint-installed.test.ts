import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';

// In an installed package npm stamps every file with the time it was unpacked, in no order: the
// CLI bundle's build-id may be older than the modules. The library must still take the CLI's
// identity there, or `componentize/test` never shares the entry of the project's `npm run build`.
const ROOT = new URL('../../', import.meta.url).pathname;
const scratch = await mkdtemp(join(tmpdir(), 'componentize-fingerprint-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

it('an installed library whose modules are newer than the bundle has the CLI bundle identity', async () => {
  const pkg = join(scratch, 'node_modules', 'componentize');
  await cp(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  await writeFile(join(pkg, 'package.json'), await readFile(join(ROOT, 'package.json')));
  const id = await readFile(join(pkg, 'dist/bin/build-id'), 'utf8');
  await utimes(join(pkg, 'dist/bin/build-id'), new Date(2000, 0, 1), new Date(2000, 0, 1));
  const version = JSON.parse(await readFile(join(pkg, 'package.json'), 'utf8')).version as string;
  const cli = createHash('sha256').update(version).update(`\0bundle ${id}`).digest('hex').slice(0, 16);
  const module = new URL(`file://${join(pkg, 'dist/store/fingerprint.js')}`).href;
  const { stdout } = await execa(process.execPath, [
    '--input-type=module',
    '-e',
    `import { toolFingerprint } from ${JSON.stringify(module)}; console.log(await toolFingerprint());`,
  ]);
  expect(stdout.trim()).toBe(cli);
});
