// The sandbox through `componentize run` and `componentize/test`'s loadComponent, on both
// engines: a probe (fixtures/sandbox/probe) lists its preopens and the first one's entries,
// reads a file, reads an environment variable and fetches a listener in a process of its own.
// Nothing of it is granted by default; each grant (--dir, --dir-rw, --env, --env-inherit,
// --allow-net; `grants` of loadComponent) allows exactly its part. Each engine builds the probe
// once (StarlingMonkey: ~20-60 s, ~800 MB), one after the other. A WASI 0.3 probe
// (fixtures/sandbox/probe-p3, QuickJS) does the same with wasi:filesystem@0.3.0.
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadComponent } from '../dist/test.js';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';
import { type RecordServer, startRecordServer } from './helpers/record-server.js';

const ENGINES = ['quickjs', 'starlingmonkey'] as const;
const built = new Map<string, string>();
let listener: RecordServer;
let data: string;

interface ProbeP3 {
  probe(file: string): Promise<string>;
  makeDir(path: string): Promise<string>;
  readFile(path: string): Promise<string>;
}

interface Probe {
  probe(file: string, envName: string, url: string): Promise<string>;
  writeFile(path: string, text: string): string;
}

beforeAll(async () => {
  listener = await startRecordServer();
  data = join(OUT_DIR, 'data');
  await mkdir(data, { recursive: true });
  await writeFile(join(data, 'secret.txt'), 'the secret file\n');
  // A way out of the granted directory that the guest must not be able to take.
  await symlink('/etc', join(data, 'escape'));
  for (const engine of ENGINES) {
    const out = join(OUT_DIR, `probe.${engine}.wasm`);
    const result = await runCli([
      join(FIXTURES, 'sandbox/probe/app.ts'),
      '--wit',
      join(FIXTURES, 'sandbox/probe/world.wit'),
      '--engine',
      engine,
      '-o',
      out,
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    built.set(engine, out);
  }
  const p3 = await runCli([
    join(FIXTURES, 'sandbox/probe-p3/app.ts'),
    '--wit',
    join(FIXTURES, 'sandbox/probe-p3/world.wit'),
    '--engine',
    'quickjs',
    '-o',
    join(OUT_DIR, 'probe-p3.quickjs.wasm'),
  ]);
  expect(p3.exitCode, p3.stderr).toBe(0);
  // StarlingMonkey only: a world importing nothing, whose runtime can still reach wasi:http.
  const hello = await runCli([
    join(FIXTURES, 'sandbox/hello-fetch/app.ts'),
    '--wit',
    join(FIXTURES, 'sandbox/hello-fetch/world.wit'),
    '--engine',
    'starlingmonkey',
    '-o',
    join(OUT_DIR, 'hello-fetch.starlingmonkey.wasm'),
  ]);
  expect(hello.exitCode, hello.stderr).toBe(0);
}, 900_000);

afterAll(() => listener?.stop());

const url = (tag: string) => `${listener.origin}/exfil?${tag}`;

async function run(engine: string, call: string, grants: string[] = []) {
  const result = await runCli(['run', built.get(engine)!, ...grants, '--invoke', call], {
    env: { MY_SECRET: 'hunter2' },
  });
  expect(result.exitCode, result.stderr).toBe(0);
  return { out: JSON.parse(result.stdout) as string, stderr: result.stderr };
}

describe.each(ENGINES)('%s: componentize run', (engine) => {
  it('grants nothing by default: no preopen, no variable, no request leaves', async () => {
    const tag = `${engine}-default`;
    const { out, stderr } = await run(engine, `probe("/secret.txt", "MY_SECRET", "${url(tag)}")`);
    const [dirs, file, env, fetched] = out.split(' | ');
    expect([dirs, file, env]).toEqual(['preopens=[]', 'file=no preopen', 'env=(unset) vars=0']);
    expect(fetched).toMatch(/^fetch=error /);
    if (engine === 'quickjs') expect(fetched).toContain('HTTP-request-denied');
    expect(stderr).toContain(`not granted: --allow-net=127.0.0.1:${listener.port}`);
    expect(await listener.seenWith(tag)).toEqual([]);
  });

  it('--dir, --env and --allow-net grant exactly their part', async () => {
    const tag = `${engine}-granted`;
    const { out } = await run(engine, `probe("/secret.txt", "MY_SECRET", "${url(tag)}")`, [
      '--dir',
      `${data}::/`,
      '--env',
      'MY_SECRET',
      `--allow-net=127.0.0.1:${listener.port}`,
    ]);
    expect(out.split(' | ')).toEqual([
      'preopens=[/] list(/)=[escape,secret.txt]',
      'file=the secret file',
      'env=hunter2 vars=1',
      'fetch=200 hello from the listener',
    ]);
    await listener.received(`GET /exfil?${tag}`);
  });

  it('--allow-net with other hosts, --env NAME=VALUE and --env-inherit', async () => {
    const tag = `${engine}-other-host`;
    const { out } = await run(engine, `probe("/secret.txt", "MY_SECRET", "${url(tag)}")`, [
      '--allow-net=example.com,127.0.0.1:1',
      '--env',
      'MY_SECRET=given',
    ]);
    expect(out).toContain('env=given vars=1');
    expect(out).toMatch(/fetch=error /);
    expect(await listener.seenWith(tag)).toEqual([]);
    const inherited = await run(engine, `probe("/secret.txt", "MY_SECRET", "${url(tag)}")`, ['--env-inherit']);
    expect(inherited.out).toMatch(/env=hunter2 vars=([2-9]|\d\d+)/);
  });

  it('a --dir is read-only, a --dir-rw writable, and neither lets a symlink out', async () => {
    const target = `${engine}-written.txt`;
    const readOnly = await run(engine, `write-file("/${target}", "x")`, ['--dir', `${data}::/`]);
    expect(readOnly.out).toBe('write=error read-only');
    const writable = await run(engine, `write-file("/${target}", "written")`, ['--dir-rw', `${data}::/`]);
    expect(writable.out).toBe('write=ok');
    expect(await readFile(join(data, target), 'utf8')).toBe('written');
    await rm(join(data, target));
    const escaped = await run(engine, `write-file("/escape/componentize-${engine}.txt", "x")`, [
      '--dir-rw',
      `${data}::/`,
    ]);
    expect(escaped.out).toBe('write=error not-permitted');
    const read = await run(engine, `probe("/escape/hostname", "X", "${url('x')}")`, ['--dir', `${data}::/`]);
    expect(read.out).toContain('file=error not-permitted');
  });
});

describe.each(ENGINES)('%s: loadComponent', (engine) => {
  it('grants nothing by default, and what `grants` names when given', async () => {
    const bare = await loadComponent<Probe>(built.get(engine)!, {});
    const denied = await bare.probe('/data/secret.txt', 'MY_SECRET', url(`${engine}-helper-default`));
    expect(denied).toMatch(/^preopens=\[\] \| file=no preopen \| env=\(unset\) vars=0 \| fetch=error /);
    const granted = await loadComponent<Probe>(built.get(engine)!, {
      grants: { dirs: [{ host: data, guest: '/data' }], env: { MY_SECRET: 'from-test' }, net: ['127.0.0.1'] },
    });
    const tag = `${engine}-helper-granted`;
    expect((await granted.probe('/data/secret.txt', 'MY_SECRET', url(tag))).split(' | ')).toEqual([
      'preopens=[/data] list(/data)=[escape,secret.txt]',
      'file=the secret file',
      'env=from-test vars=1',
      'fetch=200 hello from the listener',
    ]);
    await listener.received(`GET /exfil?${tag}`);
    expect(granted.writeFile('/data/new.txt', 'x')).toBe('write=error read-only');
  });
});

describe('quickjs, WASI 0.3: wasi:filesystem@0.3.0 under the same grants', () => {
  const wasm = () => join(OUT_DIR, 'probe-p3.quickjs.wasm');
  async function runP3(call: string, grants: string[] = []) {
    const result = await runCli(['run', wasm(), ...grants, '--invoke', call]);
    expect(result.exitCode, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as string;
  }

  it('sees no directory without a grant, the granted one with --dir', async () => {
    expect(await runP3('probe("/secret.txt")')).toBe('preopens=[] | stat=no preopen');
    expect(await runP3('probe("/secret.txt")', ['--dir', `${data}::/`])).toBe(
      'preopens=[/] list(/)=[escape,secret.txt] | stat=regular-file 16 bytes',
    );
  });

  it('a --dir is read-only, a --dir-rw writable, and neither lets a symlink out', async () => {
    expect(await runP3('make-dir("/p3-made")', ['--dir', `${data}::/`])).toBe('mkdir=error read-only');
    expect(await runP3('make-dir("/p3-made")', ['--dir-rw', `${data}::/`])).toBe('mkdir=ok');
    await rm(join(data, 'p3-made'), { recursive: true });
    expect(await runP3('make-dir("/escape/componentize-p3")', ['--dir-rw', `${data}::/`])).toBe(
      'mkdir=error not-permitted',
    );
    expect(await runP3('probe("/escape/hostname")', ['--dir', `${data}::/`])).toContain('stat=error not-permitted');
  });

  // open-at is an async func returning a descriptor: jco wrote its handle over with one of
  // another table (src/host/jco-async-results.ts), and the guest read from the directory.
  it('opens and reads a granted file, and no file outside the grant', async () => {
    expect(await runP3('read-file("/secret.txt")', ['--dir', `${data}::/`])).toBe('file=the secret file');
    expect(await runP3('read-file("/secret.txt")')).toBe('file=no preopen');
    expect(await runP3('read-file("/missing.txt")', ['--dir', `${data}::/`])).toBe('file=error no-entry');
    expect(await runP3('read-file("/escape/hostname")', ['--dir', `${data}::/`])).toBe('file=error not-permitted');
  });

  it('loadComponent: nothing by default, the `grants` directory when given', async () => {
    const bare = await loadComponent<ProbeP3>(wasm(), {});
    expect(await bare.probe('/data/secret.txt')).toBe('preopens=[] | stat=no preopen');
    const granted = await loadComponent<ProbeP3>(wasm(), { grants: { dirs: [{ host: data, guest: '/data' }] } });
    expect(await granted.probe('/data/secret.txt')).toBe(
      'preopens=[/data] list(/data)=[escape,secret.txt] | stat=regular-file 16 bytes',
    );
    expect(await granted.makeDir('/data/made')).toBe('mkdir=error read-only');
    // One instance opening twice: each open's descriptor is its own.
    expect([await granted.readFile('/data/secret.txt'), await granted.readFile('/data/secret.txt')]).toEqual([
      'file=the secret file',
      'file=the secret file',
    ]);
  });
});

describe('quickjs, WASI 0.3: mocks by version', () => {
  // The component imports wasi:filesystem at 0.2.12 (its runtime) and at 0.3.0 (its code).
  const wasm = () => join(OUT_DIR, 'probe-p3.quickjs.wasm');
  it('a WASI mock named @0.3.0 replaces the 0.3 interface; one named @0.2.12 leaves it alone', async () => {
    const grants = { dirs: [{ host: data, guest: '/data' }] };
    const none = { getDirectories: () => [] };
    const p3Mocked = await loadComponent<ProbeP3>(wasm(), {
      grants,
      imports: { 'wasi:filesystem/preopens@0.3.0': none },
    });
    expect(await p3Mocked.probe('/data/secret.txt')).toBe('preopens=[] | stat=no preopen');
    const p2Mocked = await loadComponent<ProbeP3>(wasm(), {
      grants,
      imports: { 'wasi:filesystem/preopens@0.2.12': none },
    });
    expect(await p2Mocked.probe('/data/secret.txt')).toContain('preopens=[/data]');
  });
});

describe('starlingmonkey: a world that imports nothing', () => {
  it('cannot reach the network unless --allow-net grants it', async () => {
    const wasm = join(OUT_DIR, 'hello-fetch.starlingmonkey.wasm');
    const denied = await runCli(['run', wasm, '--invoke', `greet("${url('sm-hello-default')}")`]);
    expect([denied.exitCode, denied.stdout.trim()]).toEqual([0, '"sent"']);
    expect(await listener.seenWith('sm-hello-default')).toEqual([]);
    const granted = await runCli(['run', wasm, '--allow-net', '--invoke', `greet("${url('sm-hello-granted')}")`]);
    expect([granted.exitCode, granted.stdout.trim()]).toEqual([0, '"sent"']);
    await listener.received('GET /exfil?sm-hello-granted');
  });
});
