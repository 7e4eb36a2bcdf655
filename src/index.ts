/** Public API of componentize. The library prints nothing; it returns results or throws `ComponentizeError`. */

export type { BuildInputs, LockEntry } from './build/inputs.js';
export { componentizeInputs } from './build/inputs.js';
export type { ComponentizeConfig, TargetConfig } from './config/define-config.js';
export { defineConfig } from './config/define-config.js';
export { listEngines } from './engines/registry.js';
export type { ComponentizeErrorJson, ErrorCode, ErrorKind, SourceLocation } from './errors.js';
export { ComponentizeError } from './errors.js';
export type { InstantiatedComponent, InstantiateOptions } from './host/instantiate.js';
export { instantiateComponent } from './host/instantiate.js';
export type { BuildOptions } from './options/schema.js';
export type {
  BuildControl,
  BuildReport,
  BuildResult,
  CacheStatus,
  StageEvent,
  StageName,
  StepTime,
} from './pipeline.js';
export { componentize } from './pipeline.js';
export type { DevServeOptions, DevServer, RebuildEvent } from './serve/dev-server.js';
export { serveEntry } from './serve/dev-server.js';
export type { AccessLogEntry, FailureLogEntry } from './serve/types.js';
export type { EngineAdapter, EngineCapabilities, ValueConventions } from './wit-dylib/adapter.js';
