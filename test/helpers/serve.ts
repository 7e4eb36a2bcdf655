import { execa, type ResultPromise } from 'execa';
import { CLI, ROOT } from './build-fixture.js';
import { waitFor } from './wait-for.js';

export interface ServingProcess {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** The JSON log lines so far (stdout). */
  logLines(): Record<string, unknown>[];
  stderr(): string;
  /** Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | undefined>;
}

/** `componentize serve <component> --port 0 --json` on 127.0.0.1, once it listens. */
export async function startServing(component: string, extra: string[] = []): Promise<ServingProcess> {
  const child: ResultPromise<{ reject: false; buffer: true }> = execa(
    process.execPath,
    [CLI, 'serve', component, '--port', '0', '--host', '127.0.0.1', '--json', ...extra],
    { reject: false, cwd: ROOT, env: { CI: 'true' }, stdin: 'ignore', buffer: true },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  void child.then(() => (exited = true));
  const lines = () =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const listening = await waitFor(
    () => {
      if (exited) throw new Error(`serve exited before listening: ${stderr}`);
      return lines().find((l) => typeof l.listening === 'string')?.listening as string | undefined;
    },
    { what: 'serve to print its address', timeoutMs: 90_000, seen: () => stderr },
  );
  const url = new URL(listening);
  return {
    origin: url.origin,
    port: Number(url.port),
    logLines: lines,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGINT');
      return (await child).exitCode;
    },
  };
}
