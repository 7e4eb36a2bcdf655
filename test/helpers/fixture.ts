/** What a fixture's `expect.ts` describes: how to build it and what calling it must give. */
export interface FixtureCall {
  /**
   * Export to call: `greet`, or `iface.fn` for a function of an exported interface. Resources:
   * `new iface.Counter` constructs one, kept as `$<as>`; `$c.add` calls a method on it.
   */
  fn: string;
  /** For `new ...`: the name to keep the resource under. */
  as?: string;
  args: unknown[];
  /** Expected result (compared with toEqual), or `throws` with a substring of the error. */
  result?: unknown;
  throws?: string;
}

export interface FixtureSpec {
  /** Entry file inside the fixture directory. Default `app.ts`. */
  entry?: string;
  /** WIT file or directory inside the fixture directory. Default `world.wit`. */
  wit?: string;
  world?: string;
  /** Engines that can build this fixture; others are not run. Default: every engine. */
  engines?: string[];
  /**
   * Engines outside `engines` that can build this fixture but whose results are not checked yet,
   * with the reason: the suite asserts the build succeeds there, instead of a refusal.
   */
  buildsOnly?: Record<string, string>;
  /** Host implementations of the world's custom imports: WIT interface → file in the fixture directory. */
  hostModules?: Record<string, string>;
  calls: FixtureCall[];
  /** Text the component must print to stdout while the calls run. */
  stdout?: string;
  /** Text the component must print to stderr while the calls run. */
  stderr?: string;
  /**
   * What the built component may and may not ask of its host, on every engine: prefixes of import
   * names (`wasi:http/`), each of which some import must start with (`has`) or none may (`lacks`).
   */
  imports?: { has?: string[]; lacks?: string[] };
  /**
   * The warning codes each engine's build must report (default: none). This is how a value an
   * engine cannot deliver exactly is asserted rather than skipped.
   */
  warnings?: Record<string, string[]>;
}

export function defineFixture(spec: FixtureSpec): FixtureSpec {
  return spec;
}
