import type { ContentCache } from '../cache/session.js';
import type { BuildWarning } from '../errors.js';
import type { StageRunner, VerifyPlace } from '../report.js';

/** What a build needs besides the options: the stage runner, cancellation, and where warnings go as they arise. */
export interface BuildContext {
  stage: StageRunner;
  signal: AbortSignal | undefined;
  /** Warnings of the stages that finished; kept by the caller, so a failing build still reports them. */
  warnings: BuildWarning[];
  /** The cache, asked for an entry of the same content once the bundle and the world exist. */
  cache: ContentCache | undefined;
  /** Where verification may run (verify/verify.ts); the library's default is its own process. */
  verifyIn?: VerifyPlace | undefined;
}
