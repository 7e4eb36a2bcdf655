import { execa, type ResultPromise } from 'execa';
import { waitFor } from './wait-for.js';

const SCRIPT = new URL('./record-server.mjs', import.meta.url).pathname;

export interface RecordServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** The requests that reached it so far (`GET /exfil?...`). */
  requests(): string[];
  /** Resolves once this request has been seen (its line comes through a pipe, after the answer). */
  received(request: string): Promise<void>;
  /**
   * The requests whose line holds `tag`, once everything sent before this call has been seen: a
   * request of the test's own goes last and is waited for, so an empty list means none came.
   */
  seenWith(tag: string): Promise<string[]>;
  stop(): void;
}

/** test/helpers/record-server.mjs in a process of its own, once it listens. */
export async function startRecordServer(): Promise<RecordServer> {
  const child: ResultPromise = execa(process.execPath, [SCRIPT], { stdin: 'ignore', buffer: false, reject: false });
  const lines: string[] = [];
  let sentinels = 0;
  let pending = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) {
        if (/^\d+$/.test(line)) resolve(Number(line));
        else lines.push(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`the record server exited (${code}) before it listened`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests: () => [...lines],
    seenWith: async (tag) => {
      const sentinel = `/sentinel?${++sentinels}`;
      await (await fetch(`http://127.0.0.1:${port}${sentinel}`)).text();
      await waitFor(() => lines.includes(`GET ${sentinel}`), { what: `the listener to log ${sentinel}` });
      return lines.filter((line) => line.includes(tag));
    },
    received: async (request) => {
      await waitFor(() => lines.includes(request), {
        what: `the listener to receive ${request}`,
        seen: () => lines.join('\n'),
      });
    },
    stop: () => void child.kill(),
  };
}
