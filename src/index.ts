/** Public API of componentize. The library prints nothing; it returns results or throws `ComponentizeError`. */
export { componentize } from './pipeline.js';
export type { BuildControl, BuildReport, BuildResult, CacheStatus, StageEvent, StageName } from './pipeline.js';
export { defineConfig } from './config/define-config.js';
export type { ComponentizeConfig, TargetConfig } from './config/define-config.js';
export type { BuildOptions } from './options/schema.js';
export { ComponentizeError } from './errors.js';
export type { ErrorCode, ErrorKind, SourceLocation, ComponentizeErrorJson } from './errors.js';
export type { EngineAdapter, EngineCapabilities, ValueConventions } from './wit-dylib/adapter.js';
export { listEngines } from './engines/registry.js';
export { instantiateComponent } from './host/instantiate.js';
export type { InstantiateOptions, InstantiatedComponent } from './host/instantiate.js';
export { serveEntry } from './serve/dev-server.js';
export type { DevServeOptions, DevServer, RebuildEvent } from './serve/dev-server.js';
export type { AccessLogEntry, FailureLogEntry } from './serve/types.js';
