#!/usr/bin/env node
// Builds test/web-crypto-guest/app.ts into a QuickJS component (after `npm run build`) and checks,
// call by call, that the pure-JS SubtleCrypto inside the guest agrees with Node's Web Crypto:
// SHA-256 and HMAC bytes equal, ES256 signatures cross-verify, AES-GCM ciphertext equal, keys
// generated in the guest (guest randomness) import and verify in Node. Prints a transcript.
// Usage: node test/web-crypto-guest/run.mjs [--engine quickjs|starlingmonkey] [--rsa BITS] [--timings]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const engine = arg('--engine', 'quickjs');
const rsaBits = arg('--rsa', undefined);
const subtle = globalThis.crypto.subtle;
const hex = (b) => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString('hex');
const random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));

const dir = await mkdtemp(join(tmpdir(), 'web-crypto-guest-'));
let failures = 0;
try {
  const wasm = join(dir, 'app.wasm');
  const built = await run(process.execPath, [
    join(root, 'dist/cli.js'),
    join(root, 'test/web-crypto-guest/app.ts'),
    '--wit',
    join(root, 'test/web-crypto-guest/world.wit'),
    '--engine',
    engine,
    '-o',
    wasm,
  ]);
  console.log(`$ componentize app.ts --engine ${engine}\n${(built.stdout + built.stderr).trim().split('\n')[0]}`);

  const invoke = async (call) => {
    const { stdout } = await run(process.execPath, [join(root, 'dist/cli.js'), 'run', wasm, '--invoke', call], {
      maxBuffer: 1 << 24,
    });
    return JSON.parse(stdout.trim().split('\n').pop());
  };
  const check = (label, ok, detail) => {
    if (!ok) failures++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `  ${detail}` : ''}`);
  };

  const message = random(100);
  const digest = await invoke(`sha256("${hex(message)}")`);
  check('SHA-256', digest === hex(await subtle.digest('SHA-256', message)), digest);

  const hmacKey = random(32);
  const mac = await invoke(`hmac-sha256("${hex(hmacKey)}", "${hex(message)}")`);
  const nodeHmac = await subtle.importKey('raw', hmacKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  check('HMAC-SHA-256', mac === hex(await subtle.sign('HMAC', nodeHmac, message)), mac);

  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const nodeSig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, message);
  const pkcs8 = hex(await subtle.exportKey('pkcs8', pair.privateKey));
  const spki = hex(await subtle.exportKey('spki', pair.publicKey));
  const [guestSig, ownOk, nodeOk] = (
    await invoke(`es256("${pkcs8}", "${spki}", "${hex(message)}", "${hex(nodeSig)}")`)
  ).split(' ');
  const nodeVerifiesGuest = await subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    pair.publicKey,
    Buffer.from(guestSig, 'hex'),
    message,
  );
  check('ES256 guest sign -> Node verify', nodeVerifiesGuest, `${guestSig.slice(0, 32)}…`);
  check('ES256 guest verifies its own', ownOk === 'true');
  check('ES256 Node sign -> guest verify', nodeOk === 'true');

  const aesKey = random(32);
  const iv = random(12);
  const [sealed, roundTrip] = (await invoke(`aes-gcm("${hex(aesKey)}", "${hex(iv)}", "${hex(message)}")`)).split(' ');
  const nodeAes = await subtle.importKey('raw', aesKey, 'AES-GCM', false, ['encrypt']);
  check(
    'AES-256-GCM ciphertext+tag equal to Node',
    sealed === hex(await subtle.encrypt({ name: 'AES-GCM', iv }, nodeAes, message)),
    sealed.slice(-32),
  );
  check('AES-256-GCM guest decrypts', roundTrip === 'true');

  for (const part of (await invoke('generate()')).split(' ')) {
    const [name, ok, spkiHex] = part.split(':');
    const alg = name === 'ECDSA' ? { name, namedCurve: 'P-256' } : { name };
    const imported = await subtle.importKey('spki', Buffer.from(spkiHex, 'hex'), alg, true, ['verify']).then(
      () => true,
      () => false,
    );
    check(`${name} key generated in the guest: signs+verifies, spki imports in Node`, ok === 'true' && imported);
  }

  const names = await invoke('error-names()');
  const want = ['NotSupportedError', 'DataError', 'OperationError', 'InvalidAccessError', 'SyntaxError']
    .map((n) => `${n}/true`)
    .join(' ');
  check('error names (DOMException or the stand-in)', names === want, names);

  if (rsaBits) {
    const [ms, ok] = (await invoke(`rsa-generate(${rsaBits})`)).split(' ');
    check(
      `RSA-${rsaBits} generated in the guest, signs+verifies`,
      ok === 'true',
      `${ms} ms (Date.now inside the guest)`,
    );
  }
  if (process.argv.includes('--timings')) {
    console.log('timings inside the guest (ms per operation):');
    for (const [op, ms] of Object.entries(JSON.parse(await invoke('timings()'))))
      console.log(`     ${op.padEnd(32)} ${ms}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exitCode = failures ? 1 : 0;
