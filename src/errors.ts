/**
 * The one error type of componentize. Every failure the library reports is a `ComponentizeError`
 * with a stable `code`, a message the user can act on, and where known the source location.
 * Whether it is the user's mistake (exit 1) or ours (exit 2) follows from the code alone, so the
 * CLI decides the exit status in one place. Throw sites use the factory of their code
 * (`invalidOption(...)`, `witInvalid(...)`), which reads as what went wrong.
 */

/** Stable error codes; tests and tools match on these, never on message text. */
export type ErrorCode =
  | 'INVALID_OPTION'
  | 'ENTRY_NOT_FOUND'
  | 'WIT_NOT_FOUND'
  | 'WIT_INVALID'
  | 'BUNDLE_FAILED'
  | 'ENGINE_UNSUPPORTED'
  | 'EXPORT_MISMATCH'
  | 'EXPORT_NOT_FOUND'
  | 'TYPE_ERROR'
  | 'POLICY_VIOLATION'
  | 'BUDGET_EXCEEDED'
  | 'IMPORT_NOT_MOCKED'
  | 'TOOL_NOT_FOUND'
  | 'TRAP'
  | 'ENGINE_FAILED'
  | 'ENGINE_CRASHED'
  | 'WRITE_FAILED'
  | 'RUNTIME_UNSUPPORTED'
  | 'PORT_IN_USE'
  | 'CANCELLED'
  | 'INTERNAL';

/** `user`: the input is wrong and the user can fix it (exit 1). `internal`: our fault or the engine's (exit 2). */
export type ErrorKind = 'user' | 'internal';

const KIND_OF_CODE = {
  INVALID_OPTION: 'user',
  ENTRY_NOT_FOUND: 'user',
  WIT_NOT_FOUND: 'user',
  WIT_INVALID: 'user',
  BUNDLE_FAILED: 'user',
  ENGINE_UNSUPPORTED: 'user',
  EXPORT_MISMATCH: 'user',
  // `run --invoke` named a function the component does not export; `serve` got a component without an HTTP handler.
  EXPORT_NOT_FOUND: 'user',
  TYPE_ERROR: 'user',
  POLICY_VIOLATION: 'user',
  // The component is larger (or starts slower) than the budget the user set for it.
  BUDGET_EXCEEDED: 'user',
  // A component loaded by `componentize/test` called an import the test gave no mock for.
  IMPORT_NOT_MOCKED: 'user',
  TOOL_NOT_FOUND: 'user',
  // The component's own code failed (a JS exception becomes a trap): the user's program.
  TRAP: 'user',
  // The engine rejected the user's JavaScript: a throw while the snapshot is taken, a syntax it
  // cannot parse.
  ENGINE_FAILED: 'user',
  // The engine process, Wizer or weval died (a signal, a panic, out of memory, failed to start):
  // nothing the user's code did. A code of its own rather than ENGINE_FAILED with another kind,
  // because the kind follows from the code everywhere (exit status, tools that retry on crashes).
  ENGINE_CRASHED: 'internal',
  WRITE_FAILED: 'user',
  RUNTIME_UNSUPPORTED: 'user',
  PORT_IN_USE: 'user',
  CANCELLED: 'user',
  INTERNAL: 'internal',
} as const satisfies Record<ErrorCode, ErrorKind>;

/** A position in a user's file, 1-based line and column as editors show them. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** The text of that line, for a code frame. */
  lineText?: string;
}

/** A JavaScript exception that escaped a component: its message, and its stack in the user's files when mapped. */
export interface JsException {
  message: string;
  /** One frame a line (`    at name (src/app.ts:15:13)`), innermost first; empty when the engine gave none. */
  stack: string;
}

export interface ComponentizeErrorInit {
  location?: SourceLocation | undefined;
  /** The guest's exception behind a trap, as its engine reported it. */
  exception?: JsException | undefined;
  /** One sentence telling the user what to do next. */
  hint?: string | undefined;
  /**
   * The pipeline stage that failed (`bundle`, `wit`, `engine`, ...). Throw sites inside a stage
   * leave it out: the stage runner stamps it as the error leaves the stage.
   */
  stage?: string | undefined;
  /** Further errors of the same failure, e.g. every bundle error after the first. */
  related?: ComponentizeError[] | undefined;
  /** What the build had found before it failed; the CLI prints them before the error. */
  warnings?: BuildWarning[] | undefined;
  cause?: unknown;
}

export class ComponentizeError extends Error {
  override readonly name = 'ComponentizeError';
  readonly code: ErrorCode;
  readonly location: SourceLocation | undefined;
  readonly exception: JsException | undefined;
  readonly hint: string | undefined;
  /** Set at the throw site, or by the stage runner (`withStage`) when the site did not. */
  stage: string | undefined;
  readonly related: ComponentizeError[];
  /** Filled by `withWarnings` as the error leaves a build that had warnings. */
  readonly warnings: BuildWarning[];

  constructor(code: ErrorCode, message: string, init: ComponentizeErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.location = init.location;
    this.exception = init.exception && { message: init.exception.message, stack: init.exception.stack };
    this.hint = init.hint;
    this.stage = init.stage;
    this.related = init.related ?? [];
    this.warnings = [...(init.warnings ?? [])];
  }

  get kind(): ErrorKind {
    return KIND_OF_CODE[this.code];
  }

  /** Plain data for `--json` output and for tests. */
  toJSON(): ComponentizeErrorJson {
    return {
      code: this.code,
      kind: this.kind,
      message: this.message,
      ...(this.stage ? { stage: this.stage } : {}),
      ...(this.location ? { location: this.location } : {}),
      ...(this.exception ? { exception: this.exception } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.related.length ? { related: this.related.map((e) => e.toJSON()) } : {}),
      ...(this.warnings.length ? { warnings: this.warnings } : {}),
      ...(this.cause !== undefined ? { causes: causeChain(this) } : {}),
    };
  }
}

export interface ComponentizeErrorJson {
  code: ErrorCode;
  kind: ErrorKind;
  message: string;
  stage?: string;
  location?: SourceLocation;
  exception?: JsException;
  hint?: string;
  related?: ComponentizeErrorJson[];
  warnings?: BuildWarning[];
  causes?: string[];
}

export type ErrorFactory = (message: string, init?: ComponentizeErrorInit) => ComponentizeError;

const factoryOf =
  (code: ErrorCode): ErrorFactory =>
  (message, init) =>
    new ComponentizeError(code, message, init);

// One factory per code: a throw site names what went wrong, and cannot misspell a code.
export const invalidOption = factoryOf('INVALID_OPTION');
export const entryNotFound = factoryOf('ENTRY_NOT_FOUND');
export const witNotFound = factoryOf('WIT_NOT_FOUND');
export const witInvalid = factoryOf('WIT_INVALID');
export const bundleFailed = factoryOf('BUNDLE_FAILED');
export const engineUnsupported = factoryOf('ENGINE_UNSUPPORTED');
export const exportMismatch = factoryOf('EXPORT_MISMATCH');
export const exportNotFound = factoryOf('EXPORT_NOT_FOUND');
export const typeError = factoryOf('TYPE_ERROR');
export const policyViolation = factoryOf('POLICY_VIOLATION');
export const budgetExceeded = factoryOf('BUDGET_EXCEEDED');
export const importNotMocked = factoryOf('IMPORT_NOT_MOCKED');
export const toolNotFound = factoryOf('TOOL_NOT_FOUND');
export const trap = factoryOf('TRAP');
export const engineFailed = factoryOf('ENGINE_FAILED');
export const engineCrashed = factoryOf('ENGINE_CRASHED');
export const writeFailed = factoryOf('WRITE_FAILED');
export const runtimeUnsupported = factoryOf('RUNTIME_UNSUPPORTED');
/** `componentize serve --port N` where something already listens. */
export const portInUse = factoryOf('PORT_IN_USE');
export const cancelled = factoryOf('CANCELLED');
export const internalError = factoryOf('INTERNAL');

/** The factory of every code: a code added to `ErrorCode` without one does not compile. */
export const ERROR_FACTORIES = {
  INVALID_OPTION: invalidOption,
  ENTRY_NOT_FOUND: entryNotFound,
  WIT_NOT_FOUND: witNotFound,
  WIT_INVALID: witInvalid,
  BUNDLE_FAILED: bundleFailed,
  ENGINE_UNSUPPORTED: engineUnsupported,
  EXPORT_MISMATCH: exportMismatch,
  EXPORT_NOT_FOUND: exportNotFound,
  TYPE_ERROR: typeError,
  POLICY_VIOLATION: policyViolation,
  BUDGET_EXCEEDED: budgetExceeded,
  IMPORT_NOT_MOCKED: importNotMocked,
  TOOL_NOT_FOUND: toolNotFound,
  TRAP: trap,
  ENGINE_FAILED: engineFailed,
  ENGINE_CRASHED: engineCrashed,
  WRITE_FAILED: writeFailed,
  RUNTIME_UNSUPPORTED: runtimeUnsupported,
  PORT_IN_USE: portInUse,
  CANCELLED: cancelled,
  INTERNAL: internalError,
} as const satisfies Record<ErrorCode, ErrorFactory>;

/** Anything thrown that is not ours becomes an INTERNAL error, keeping the original as cause. */
export function toComponentizeError(error: unknown, stage?: string): ComponentizeError {
  if (error instanceof ComponentizeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return internalError(message, { stage, cause: error });
}

/**
 * Names the stage an error failed in, unless its throw site already did; its related errors
 * (the same failure's further findings) get the same stage. The stage runner calls it, so throw
 * sites need not repeat the name of the stage they run in.
 */
export function withStage(error: ComponentizeError, stage: string): ComponentizeError {
  error.stage ??= stage;
  for (const related of error.related) withStage(related, stage);
  return error;
}

/**
 * Attaches the warnings a build had collected when it failed, so they are not lost with the
 * result; anything thrown that is not ours is converted first.
 */
export function withWarnings(error: unknown, warnings: readonly BuildWarning[]): ComponentizeError {
  const converted = toComponentizeError(error);
  converted.warnings.push(...warnings.filter((w) => !converted.warnings.includes(w)));
  return converted;
}

/** The messages of an error's causes, outermost first, without repeating the error's own text. */
export function causeChain(error: Error): string[] {
  const chain: string[] = [];
  let current: unknown = error.cause;
  while (current !== undefined && current !== null && chain.length < 10) {
    const text = current instanceof Error ? current.message : String(current);
    // Causes often repeat the message they were wrapped into; only new information is listed.
    if (text && !error.message.includes(text) && !chain.includes(text)) chain.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/** Stable warning codes. */
export type WarningCode =
  | 'POLYFILL_DEGRADED'
  | 'UNUSED_EXPORT'
  | 'EXTRA_PARAMS'
  | 'INT64_PRECISION'
  | 'OPTION_NONE'
  | 'ENGINE_LIMIT'
  | 'MISSING_IMPORT'
  | 'FROZEN_AT_BUILD'
  | 'NOT_VERIFIED'
  | 'BUDGET_NOT_MEASURED'
  | 'CACHE_CORRUPT'
  | 'CACHE_UNAVAILABLE'
  | 'NOT_ON_REGISTRY';

/** Something the user should know that does not stop the build. */
export interface BuildWarning {
  code: WarningCode;
  message: string;
  location?: SourceLocation;
}
