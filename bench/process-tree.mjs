// Runs a command and measures it as a user would feel it: wall time, and peak memory of the whole
// tree (the sum of the resident sets of the process and all its descendants, sampled from /proc:
// componentize runs the engine and the verifier in child processes, the bare engine tools run
// Wizer as a child, so one process's max RSS would undercount both). Descendants are found by
// parent pid, not process group: componentize starts its engine in a process group of its own
// (so that cancelling stops Wizer too), which a group-based sum would miss entirely.
import { readdir, readFile } from 'node:fs/promises';
import { execa } from 'execa';

const PAGE = 4096;
const SAMPLE_MS = 50;

/** Sum of RSS in bytes of `root` and every process descending from it (Linux /proc). */
async function treeRss(root) {
  const processes = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => undefined);
    if (!stat) continue;
    // Fields after the parenthesized command: state ppid pgrp ... rss is field 24 overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    processes.push({ pid: Number(name), ppid: Number(fields[1]), rss: Number(fields[21]) * PAGE });
  }
  const inTree = new Set([root]);
  // Parents may be listed after their children: repeat until no process joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) if (!inTree.has(p.pid) && inTree.has(p.ppid)) inTree.add(p.pid), (grew = true);
  }
  return processes.filter((p) => inTree.has(p.pid)).reduce((sum, p) => sum + p.rss, 0);
}

/** `{ ms, peakBytes, stdout }` of `node <args>`; throws with its stderr when it fails. */
export async function measure(args, options) {
  const started = performance.now();
  const child = execa(process.execPath, args, { ...options, reject: false });
  let peakBytes = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      if (child.pid) peakBytes = Math.max(peakBytes, await treeRss(child.pid));
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
