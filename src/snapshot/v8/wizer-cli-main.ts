/**
 * The process entry of the Wizer-compatible command line (wizer-cli.ts): reads stdin whole (the
 * guest's stdin, or the module when no input file is named), runs, sets the exit status.
 */
import { runWizerCli } from './wizer-cli.js';

async function readStdin(): Promise<Uint8Array> {
  // A terminal has nothing piped in; waiting for its end would hang.
  if (process.stdin.isTTY) return new Uint8Array();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

process.exitCode = await runWizerCli(process.argv.slice(2), await readStdin());
