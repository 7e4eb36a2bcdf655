import { execa, type ResultPromise } from 'execa';

const SCRIPT = new URL('./record-server.mjs', import.meta.url).pathname;

export interface RecordServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** The requests that reached it so far (`GET /exfil?...`). */
  requests(): string[];
  stop(): void;
}

/** test/helpers/record-server.mjs in a process of its own, once it listens. */
export async function startRecordServer(): Promise<RecordServer> {
  const child: ResultPromise = execa(process.execPath, [SCRIPT], { stdin: 'ignore', buffer: false, reject: false });
  const lines: string[] = [];
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
    stop: () => void child.kill(),
  };
}
