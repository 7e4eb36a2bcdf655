import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { CLI } from './helpers/build-fixture.js';

describe('a reader that closes the pipe early', () => {
  test('`componentize --help | head -1`: exit 0, no EPIPE stack', async () => {
    const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the CLI has written a byte: every write to stdout fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
