import type { EngineAdapter } from '../wit-dylib/adapter.js';
import type { EngineControl, EngineProcess } from './engine-process.js';
import { startEngineHere } from './run-in-process.js';

/**
 * Starts the engine before its input exists, where its `runsIn` says: a child Node started now,
 * or the builder loaded into this process (run-in-process.ts). Either way, loading the engine
 * package (and starting that Node) overlaps with bundling. The engine tools fuse binding
 * generation and the Wizer snapshot into one call, so that one call is the engine and snapshot
 * stages together.
 */
export function startEngine(engine: EngineAdapter, workDir: string, control: EngineControl): EngineProcess {
  if (engine.runsIn === 'this-process') return startEngineHere(engine, workDir, control);
  // execa (~230 kB of code) is loaded only for an engine with a process of its own.
  const started = import('./run-child.js').then((m) => m.startEngineProcess(engine, workDir, control));
  started.catch(() => {});
  return {
    dispose: () =>
      void started.then(
        (p) => p.dispose(),
        () => {},
      ),
    build: async (input, mapper) => (await started).build(input, mapper),
  };
}
