// Runs a command in a process group of its own and measures it as a user would feel it: wall
// time, and peak memory of the whole tree (the sum of the resident sets of every process in the
// group, sampled from /proc: componentize runs the engine and the verifier in child processes,
// the bare engine tools run Wizer as a child, so one process's max RSS would undercount both).
import { readdir, readFile } from 'node:fs/promises';
import { execa } from 'execa';

const PAGE = 4096;
const SAMPLE_MS = 50;

/** Sum of RSS in bytes of the processes whose process group is `pgid` (Linux /proc). */
async function groupRss(pgid) {
  let total = 0;
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => undefined);
    if (!stat) continue;
    // Fields after the parenthesized command: state ppid pgrp ... rss is field 24 overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) total += Number(fields[21]) * PAGE;
  }
  return total;
}

/** `{ ms, peakBytes, stdout }` of `node <args>`; throws with its stderr when it fails. */
export async function measure(args, options) {
  const started = performance.now();
  const child = execa(process.execPath, args, { ...options, reject: false, detached: true });
  let peakBytes = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      if (child.pid) peakBytes = Math.max(peakBytes, await groupRss(child.pid));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  const result = await child;
  const ms = performance.now() - started;
  sampling = false;
  await sampler;
  if (result.exitCode !== 0) throw new Error(`${args.join(' ')} failed (exit ${result.exitCode}):\n${result.stderr}`);
  return { ms, peakBytes, stdout: result.stdout };
}
