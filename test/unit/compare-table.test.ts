import { expect, test } from 'vitest';
import { formatCompareTable } from '../../src/cli/compare-command.js';

test('every – in the compare table has a footnote with its reason', () => {
  const built = {
    engine: 'quickjs',
    variant: 'default',
    weval: false,
    status: 'built' as const,
    sizes: { raw: 1000, gzip: 500 },
    buildMs: 1000,
    peakBuildMemoryBytes: 1e8,
  };
  const table = formatCompareTable({
    entry: 'app.ts',
    invoke: 'greet("x")',
    variants: [
      { ...built, label: 'quickjs default', notMeasured: { coldStart: 'no Node 24', throughput: 'no Node 24' } },
      { ...built, label: 'quickjs sync', coldStartMs: 5, notMeasured: { throughput: 'the call trapped' } },
    ],
  });
  const lines = table.trim().split('\n');
  expect(lines[1]).toMatch(/–1\s+–1\s+–1$/);
  expect(lines[2]).toMatch(/5\.0 ms\s+–2\s+–2$/);
  expect(lines).toContain('–1 no Node 24');
  expect(lines).toContain('–2 the call trapped');
});

test('memory is shown in whole megabytes', () => {
  const table = formatCompareTable({
    entry: 'app.ts',
    invoke: undefined,
    variants: [
      {
        label: 'starlingmonkey default',
        engine: 'starlingmonkey',
        variant: 'default',
        weval: false,
        status: 'built',
        sizes: { raw: 12_000_000, gzip: 4_000_000 },
        buildMs: 20_000,
        peakBuildMemoryBytes: 206_790_000,
        coldStartMs: 30,
      },
    ],
  });
  const row = table.split('\n')[1]!;
  expect(row).toContain(' 207 MB ');
  expect(row).not.toContain('206.79');
});
