import { build, type BuildOptions as EsbuildOptions, type Message, type Metafile } from 'esbuild';
import { bundleFailed, type ComponentizeError, internalError } from '../errors.js';
import { withEsbuildService } from './esbuild-service.js';

/** What one esbuild run gives the bundle stage: the code, its external source map, the metafile, whether it has a default export. */
export interface EsbuildOutput {
  code: string;
  map: string;
  metafile: Metafile;
  hasDefault: boolean;
}

/** The JavaScript output (the source map is an output too). */
export function jsOutput(metafile: Metafile): Metafile['outputs'][string] | undefined {
  return Object.entries(metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
}

export function sumBytes(metafile: Metafile, match: (input: string) => boolean): number {
  const output = jsOutput(metafile);
  return Object.entries(output?.inputs ?? {}).reduce((sum, [name, i]) => sum + (match(name) ? i.bytesInOutput : 0), 0);
}

/** One esbuild run with what both passes share; its errors become ours. */
export async function esbuild(options: EsbuildOptions): Promise<EsbuildOutput> {
  const result = await withEsbuildService(() =>
    build({
      ...options,
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es2022',
      sourcemap: 'external',
      sourcesContent: true,
      metafile: true,
      logLevel: 'silent',
    }),
  ).catch((failure: { errors?: Message[] }) => {
    if (!failure.errors?.length) throw failure;
    throw bundleError(failure.errors);
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!js || !map) throw internalError('esbuild produced no JavaScript output');
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
  return {
    code: js.text,
    map: map.text,
    metafile: result.metafile,
    hasDefault: output?.exports.includes('default') ?? false,
  };
}

function bundleError(errors: Message[]): ComponentizeError {
  const [first, ...rest] = errors.map(toError);
  return bundleFailed(first!.message, {
    location: first!.location,
    hint: first!.hint,
    related: rest,
  });
}

/**
 * esbuild's own hints name esbuild options ("mark the path as external", "platform: 'node'") that
 * componentize has no flag for; those are replaced by what a componentize user can do.
 */
function bundleHint(message: Message): string | undefined {
  const unresolved = /^Could not resolve "([^"]+)"/.exec(message.text)?.[1];
  const builtIn = message.notes.some((n) => /built into node/.test(n.text));
  if (
    /^Node built-in /.test(message.text) ||
    (unresolved !== undefined && (unresolved.startsWith('node:') || builtIn))
  ) {
    return 'Built-ins such as buffer, events, path, util, url, crypto and process are polyfilled; those that need a file system, sockets or processes do not exist inside a component: import the WASI interface in the world instead (e.g. wasi:filesystem).';
  }
  if (unresolved !== undefined && !/^[./]/.test(unresolved)) {
    return `Install the package (npm install ${unresolved.replace(/^((?:@[^/]+\/)?[^/]+).*$/, '$1')}) in the project of the entry, or import it from a path that exists.`;
  }
  return message.notes.map((n) => n.text).find((text) => !/\bexternal\b|platform:/.test(text));
}

function toError(message: Message): ComponentizeError {
  const loc = message.location;
  return bundleFailed(message.text, {
    location: loc
      ? // esbuild's file is relative to the working directory, its column 0-based.
        { file: loc.file, line: loc.line, column: loc.column + 1, lineText: loc.lineText }
      : undefined,
    hint: bundleHint(message),
  });
}
