import { DEFAULT_ENGINE } from '../engines/registry.js';
import * as z from '../vendor/zod.js';
import { parseSize } from './size.js';

/** A size limit: bytes, or a string with a unit (`1.5 MB`, `800 kB`, `2 MiB`); parsed to bytes. */
const sizeLimit = z.pipe(
  z.union([z.number(), z.string()]),
  z.transform((value, ctx) => {
    const bytes = parseSize(value);
    if (bytes === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a size: use bytes or a number with kB, MB, KiB or MiB, e.g. "1.5 MB"`,
        input: value,
      });
      return z.NEVER;
    }
    return bytes;
  }),
);

/** Locale tags, canonical (`fr-ca` → `fr-CA`), without duplicates; a malformed tag is an issue. */
function parseLocales(value: string | string[], ctx: z.core.ParsePayload<unknown>): string[] {
  const tags = (typeof value === 'string' ? value.split(',') : value).map((t) => t.trim()).filter((t) => t !== '');
  const canonical: string[] = [];
  for (const tag of tags) {
    try {
      canonical.push(...Intl.getCanonicalLocales(tag));
    } catch {
      ctx.issues.push({
        code: 'custom',
        message: `${JSON.stringify(tag)} is not a BCP 47 locale tag: use e.g. de, fr-CA or pt-BR`,
        input: value,
      });
      return z.NEVER;
    }
  }
  return [...new Set(canonical)];
}

/** Limits a built component must stay within; a component over one fails the build and nothing is written. */
export const budgetSchema = z.strictObject({
  /** Largest component, as written: bytes or `"1.5 MB"`. */
  size: z.optional(sizeLimit),
  /** Largest component after gzip (level 6, as the report measures it). */
  gzip: z.optional(sizeLimit),
  /** Longest cold start (instantiate, plus the `verify` call if any) in milliseconds, as verification measures it; checked where this Node can run components. */
  coldStartMs: z.optional(z.number().check(z.positive())),
});

/**
 * Build options as the API takes them. The CLI maps its flags onto the same object, so one schema
 * validates both. A new key needs a row in `BUILD_FLAGS` (./flags.ts, type-checked against
 * `ParsedBuildOptions`): its flag, `--help` line and README row, and its name in CLI error
 * messages (`FLAG_OF_KEY`).
 */
export const buildOptionsSchema = z.strictObject({
  /** Entry module: `.js`, `.mjs`, `.ts`, `.mts`. Required. */
  entry: z.string().check(z.minLength(1, 'must name the entry file')),
  /** WIT file, or a directory of `.wit` files (with `deps/`). Required. */
  wit: z.string().check(z.minLength(1, 'must name a WIT file or directory')),
  /** World to build. Default: the only world of the WIT package. */
  world: z.optional(z.string().check(z.minLength(1))),
  /** Engine name or alias. Default: `quickjs`. */
  engine: z._default(z.string().check(z.minLength(1)), DEFAULT_ENGINE),
  /** Output component path. Default: the entry's name with `.wasm`, in the working directory. */
  out: z.optional(z.string().check(z.minLength(1))),
  /** Minify the bundle. Default: false. */
  minify: z._default(z.boolean(), false),
  /** Write the bundle's source map beside the component as `<out>.map`. Default: false. */
  sourcemap: z._default(z.boolean(), false),
  /**
   * Extra package.json `exports` conditions to resolve with, before the built-in ones (`worker`,
   * `browser`, `import`, `default`). Default: none.
   */
  conditions: z._default(z.array(z.string().check(z.minLength(1))), []),
  /**
   * Locales whose data `Intl` gets on engines without it, besides English (which every build
   * has): BCP 47 tags, an array or a comma-separated string (`"de,fr-CA"`). Default: none.
   */
  locales: z._default(z.pipe(z.union([z.string(), z.array(z.string())]), z.transform(parseLocales)), []),
  /** The value `process.env.NODE_ENV` is replaced with at build time. Default: `production`. */
  nodeEnv: z._default(z.string().check(z.minLength(1)), 'production'),
  /** Type-check a TypeScript entry against the world's guest types before building. Default: false. */
  typecheck: z._default(z.boolean(), false),
  /** WASI features to leave out of the component (`all` for every WASI import). Default: none. */
  disable: z._default(z.array(z.enum(['stdio', 'clocks', 'random', 'http', 'fetch-event', 'all'])), []),
  /** Import patterns the component may have (`wasi:cli/*`); any other import fails the build. Default: all allowed. */
  allow: z._default(z.array(z.string().check(z.minLength(1))), []),
  /** Import patterns the component must not have (`wasi:http/*`). Default: none. */
  deny: z._default(z.array(z.string().check(z.minLength(1))), []),
  /** Engine variant (`--help` lists them). Default: the engine's choice for the world (quickjs: the smallest runtime that can build it). */
  variant: z.optional(z.string().check(z.minLength(1))),
  /** Instantiate the built component before writing it; `false` skips that. Default: true. */
  verify: z._default(z.boolean(), true),
  /** An export to call while verifying, e.g. `greet("World")`; it must not trap. */
  verifyCall: z.optional(z.string().check(z.minLength(1))),
  /**
   * What takes the snapshot for engines that run Wizer as a program: `v8`, our
   * Wizer-compatible snapshotter running the init in this Node (seconds, byte-reproducible), or
   * `wizer`, the @bytecodealliance/wizer binary (the reference). Default: `v8`.
   */
  snapshotter: z._default(z.enum(['v8', 'wizer']), 'v8'),
  /** StarlingMonkey: ahead-of-time partial evaluation with weval, for throughput. Default: false. */
  weval: z._default(z.boolean(), false),
  /** The weval binary. Default: `$COMPONENTIZE_WEVAL_BIN`, `weval` on PATH, the weval package. */
  wevalBin: z.optional(z.string().check(z.minLength(1))),
  /** Size and cold-start limits (`--max-size` sets `size`). Default: none. */
  budget: z.optional(budgetSchema),
  /**
   * Longest the engine may take, in milliseconds, the entry's top-level code included (it runs
   * while the snapshot is taken): an endless loop there fails the build instead of hanging it.
   * Default: 120000 (2 minutes; a large bundle builds in well under 30 s on StarlingMonkey).
   */
  snapshotTimeoutMs: z._default(
    z.pipe(
      z.pipe(
        z.union([z.number(), z.string().check(z.regex(/^\d+$/, 'must be a whole number of milliseconds'))]),
        z.transform(Number),
      ),
      z.int().check(z.positive('must be a positive number of milliseconds')),
    ),
    120_000,
  ),
  /** Reuse the output of an identical earlier build (content-addressed). Default: true. */
  cache: z._default(z.boolean(), true),
  /** Where the cache lives. Default: `$COMPONENTIZE_CACHE_DIR`, else `node_modules/.cache/componentize` of the project. */
  cacheDir: z.optional(z.string().check(z.minLength(1))),
  /** Size cap of the cache; the least recently used entries are removed beyond it. Default: 512 MiB. */
  cacheMaxBytes: z.optional(z.int().check(z.positive())),
  /** Directory that relative paths are resolved from. Default: `process.cwd()`. */
  cwd: z.optional(z.string().check(z.minLength(1))),
});

/** What `componentize()` accepts. */
export type BuildOptions = z.input<typeof buildOptionsSchema>;
export type ParsedBuildOptions = z.output<typeof buildOptionsSchema>;
/** A budget after parsing: sizes in bytes. */
export type Budget = z.output<typeof budgetSchema>;
