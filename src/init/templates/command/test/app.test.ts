import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadComponent } from 'componentize/test';

type App = typeof import('../src/app.js');

let app: App;

beforeAll(async () => {
  // Builds src/app.ts into a component (through the build cache) and instantiates it in Node;
  // its WASI imports (stdout here) are served by Node.
  app = await loadComponent<App>('src/app.ts', { wit: 'wit', engine: '{{engine}}' });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the command component', () => {
  it('prints a greeting on stdout', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    app.run.run();
    const printed = write.mock.calls.map(([chunk]) => (typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk))).join('');
    expect(printed).toBe('Hello from a WebAssembly component!\n');
  });
});
