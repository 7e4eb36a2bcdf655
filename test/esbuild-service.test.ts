import { readdirSync, readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { stopEsbuildWhenIdle, withEsbuildService } from '../src/bundle/esbuild-service.js';
import { waitFor } from './helpers/wait-for.js';

/** This process's children running the esbuild binary (its service). */
function esbuildChildren(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[1]) === process.pid && stat.includes('(esbuild)');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("esbuild's service is not held once bundling is done", () => {
  test("a library caller's service is left running: its own esbuild calls share it", async () => {
    await withEsbuildService(() => transform('let x = 1', {}));
    // Well past the idle time after which the CLI's service stops.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(esbuildChildren().length).toBe(1);
    expect((await transform('let y = 2', {})).code).toBe('let y = 2;\n');
  });

  test('where the process owner asks, it stops after the last call and starts again for the next', async () => {
    stopEsbuildWhenIdle();
    const first = await withEsbuildService(async () => {
      const out = await transform('let a: number = 1', { loader: 'ts' });
      expect(esbuildChildren().length).toBe(1);
      return out.code;
    });
    expect(first).toBe('let a = 1;\n');
    await waitFor(() => esbuildChildren().length === 0, { what: "esbuild's service process to stop" });
    // Two calls one after the other (a bundle's two passes) share one service.
    const [a, b] = await Promise.all([
      withEsbuildService(() => transform('let b = 2', {})),
      withEsbuildService(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return transform('let c = 3', {});
      }),
    ]);
    expect([a.code, b.code]).toEqual(['let b = 2;\n', 'let c = 3;\n']);
    expect(esbuildChildren().length).toBe(1);
    await waitFor(() => esbuildChildren().length === 0, { what: "esbuild's service process to stop again" });
  });
});
