/**
 * The one error type of componentize. Every failure the library reports is a `ComponentizeError`
 * with a stable `code`, a message the user can act on, and where known the source location.
 * Whether it is the user's mistake (exit 1) or ours (exit 2) follows from the code alone, so the
 * CLI decides the exit status in one place.
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
  | 'TYPE_ERROR'
  | 'POLICY_VIOLATION'
  | 'TOOL_NOT_FOUND'
  | 'TRAP'
  | 'ENGINE_FAILED'
  | 'WRITE_FAILED'
  | 'RUNTIME_UNSUPPORTED'
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
  TYPE_ERROR: 'user',
  POLICY_VIOLATION: 'user',
  TOOL_NOT_FOUND: 'user',
  // The component's own code failed (a JS exception becomes a trap): the user's program.
  TRAP: 'user',
  // An engine rejecting the user's JavaScript (a throw during Wizer, a syntax it cannot parse) is
  // the common case; crashes are classified as INTERNAL by the code that detects them.
  ENGINE_FAILED: 'user',
  WRITE_FAILED: 'user',
  RUNTIME_UNSUPPORTED: 'user',
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

export interface ComponentizeErrorInit {
  location?: SourceLocation | undefined;
  /** One sentence telling the user what to do next. */
  hint?: string | undefined;
  /** The pipeline stage that failed (`bundle`, `wit`, `engine`, ...). */
  stage?: string | undefined;
  /** Further errors of the same failure, e.g. every bundle error after the first. */
  related?: ComponentizeError[] | undefined;
  cause?: unknown;
}

export class ComponentizeError extends Error {
  override readonly name = 'ComponentizeError';
  readonly code: ErrorCode;
  readonly location: SourceLocation | undefined;
  readonly hint: string | undefined;
  readonly stage: string | undefined;
  readonly related: ComponentizeError[];

  constructor(code: ErrorCode, message: string, init: ComponentizeErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.location = init.location;
    this.hint = init.hint;
    this.stage = init.stage;
    this.related = init.related ?? [];
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
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.related.length ? { related: this.related.map((e) => e.toJSON()) } : {}),
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
  hint?: string;
  related?: ComponentizeErrorJson[];
  causes?: string[];
}

/** Anything thrown that is not ours becomes an INTERNAL error, keeping the original as cause. */
export function toComponentizeError(error: unknown, stage?: string): ComponentizeError {
  if (error instanceof ComponentizeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ComponentizeError('INTERNAL', message, { stage, cause: error });
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
  | 'INT64_PRECISION'
  | 'OPTION_NONE'
  | 'U32_RESULT'
  | 'S64_RESULT'
  | 'ENGINE_LIMIT'
  | 'FROZEN_AT_BUILD'
  | 'NOT_VERIFIED'
  | 'CACHE_CORRUPT'
  | 'CACHE_UNAVAILABLE';

/** Something the user should know that does not stop the build. */
export interface BuildWarning {
  code: WarningCode;
  message: string;
  location?: SourceLocation;
}
