import type { WorldModel } from '../wit/world.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';

/** What the checks against the world read: the world, the engine, and where the WIT lives (for locations). */
export interface CheckContext {
  readonly world: WorldModel;
  readonly engine: EngineAdapter;
  /** The WIT file or directory, to point at the declaration a problem concerns. */
  readonly witPath: string;
  /** Paths in messages are relative to it. */
  readonly cwd: string;
}
