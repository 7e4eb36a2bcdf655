import { describe, expect, test } from 'vitest';
import { WASI_STUB_MARK, wasiStandIn } from '../../src/host/wasi-stubs.js';

type Members = Record<string, (...args: unknown[]) => unknown>;

describe('WASI stand-ins for an instantiation that calls nothing', () => {
  test('a package has every interface and an interface every member, each throwing with the mark and its name', () => {
    const cli = wasiStandIn('wasi:cli') as Record<string, Members>;
    expect(typeof cli.environment!.getEnvironment).toBe('function');
    expect(() => cli.environment!.getEnvironment!()).toThrow(
      `WASI wasi:cli/environment.getEnvironment ${WASI_STUB_MARK}`,
    );
    expect(() => cli.exit!.exit!(0)).toThrow('wasi:cli/exit.exit');
  });

  test('a member is the same object on every read, and a resource class works with instanceof and throws when constructed', () => {
    const { streams } = wasiStandIn('wasi:io') as Record<string, Members>;
    expect(streams!.OutputStream).toBe(streams!.OutputStream);
    expect({} instanceof (streams!.OutputStream as unknown as new () => object)).toBe(false);
    expect(() => new (streams!.OutputStream as unknown as new () => object)()).toThrow(
      'WASI wasi:io/streams.OutputStream',
    );
  });

  test('neither a package nor an interface is a thenable: they pass through promises as themselves', async () => {
    const io = wasiStandIn('wasi:io');
    expect(io.then).toBeUndefined();
    expect((io.poll as Record<string, unknown>).then).toBeUndefined();
    expect(await Promise.resolve(io)).toBe(io);
  });
});
