import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadComponent } from 'componentize/test';

type App = typeof import('../src/app.js');

// The host's side of the world, mocked: the test sees every call the plugin makes.
const log = vi.fn();
let app: App;

beforeAll(async () => {
  // Builds src/app.ts into a component (through the build cache) and instantiates it in Node.
  app = await loadComponent<App>('src/app.ts', { wit: 'wit', engine: '{{engine}}', imports: { 'local:plugin/host': { log } } });
});

describe('the plugin component', () => {
  it('slugifies a title', () => {
    expect(app.slugify('Hello, World!')).toBe('hello-world');
  });

  it('logs through the host', () => {
    log.mockClear();
    app.slugify('  Components  ');
    expect(log).toHaveBeenCalledWith('slugify: "  Components  " -> "components"');
  });
});
