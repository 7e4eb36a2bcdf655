#!/usr/bin/env node
import { spawn } from 'node:child_process';
// `npm run lock`: writes package-lock.json from package.json alone, then checks it.
//
// Why not `npm install`: several engine packages declare optional platform binaries that were never
// published (e.g. @bytecodealliance/wizer-darwin-arm64@11.0.3). npm >= 11.16 leaves those out of
// the lockfile and then its own `npm ci` rejects the lockfile as out of sync ("Missing: ... from lock
// file"). npm 11.13 records them as `{ "optional": true }` placeholders, which `npm ci` accepts, until
// one of them gets published: then `npm ci` crashes with "Invalid Version:". `npm run check:lock`
// watches for that; this script is the fix it names.
//
// Works from any state, a poisoned lockfile included: npm runs in an empty temporary directory
// holding only package.json (so neither the old lockfile nor node_modules is read) with an empty
// cache (so no stale registry document hides a newly published package). It needs nothing
// installed: Node's own child_process instead of execa, because node_modules may not exist yet.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLockfile, formatProblems } from './check-lock.mjs';

const LOCKING_NPM = 'npm@11.13.0';
const root = new URL('..', import.meta.url).pathname;
const work = await mkdtemp(join(tmpdir(), 'componentize-lock-'));
try {
  await copyFile(join(root, 'package.json'), join(work, 'package.json'));
  const cache = join(work, '.npm-cache');
  process.stderr.write(`lock: resolving package.json with ${LOCKING_NPM} on an empty cache\n`);
  await run(
    'npx',
    ['--yes', LOCKING_NPM, 'install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'],
    {
      cwd: work,
      env: { ...process.env, npm_config_cache: cache },
    },
  );
  const lockfile = join(work, 'package-lock.json');
  const problems = await checkLockfile({ lockfile });
  if (problems.length > 0) {
    // The registry changed while we locked, or npm 11.13 wrote a placeholder for a published
    // package: keep the old lockfile rather than write one that cannot install.
    process.stderr.write(`${formatProblems(problems, 'the new lockfile')}\n`);
    process.exitCode = 1;
  } else {
    await copyFile(lockfile, join(root, 'package-lock.json'));
    process.stderr.write('lock: wrote package-lock.json; run `npm ci` to install from it\n');
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}
