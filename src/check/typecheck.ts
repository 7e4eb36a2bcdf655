import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { internalError, type SourceLocation, toolNotFound, typeError } from '../errors.js';
import { type HttpHandlerStyle, incomingHandlerExport } from '../http/handler-style.js';
import { generateGuestTypeFiles, worldModuleName } from '../wit/guest-types.js';
import { toLocation } from '../wit/locate-error.js';
import { exportJsName } from '../wit/names.js';
import type { WorldModel } from '../wit/world.js';

/**
 * `--typecheck`: the TypeScript compiler checks the entry against the world's guest types before
 * the build. A generated `check.ts` states, one export per line, that the entry's export
 * satisfies the world's declaration; a mismatch is reported at the entry's export, other type
 * errors where tsc finds them.
 */
export async function typecheckEntry(options: {
  entry: string;
  witPath: string;
  world: string | undefined;
  model: WorldModel;
  cwd: string;
  workDir: string;
  httpStyle?: HttpHandlerStyle | undefined;
}): Promise<void> {
  const tsc = resolveTsc(options.cwd);
  const dir = join(options.workDir, 'typecheck');
  const files = await generateGuestTypeFiles(options.witPath, options.world);
  const worldModule = worldModuleName(files);
  if (!worldModule) throw internalError('jco generated no world.d.ts');
  for (const [name, bytes] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }
  // A fetch-style handler stands for the world's incoming-handler export, which the glue provides:
  // the entry's default export (module worker) is checked against the fetch signature instead.
  const fetchStyle = options.httpStyle === 'module-worker' || options.httpStyle === 'service-worker';
  const handler = fetchStyle ? incomingHandlerExport(options.model) : undefined;
  const exportNames = options.model.exports.filter((item) => item !== handler).map(exportJsName);
  const check = [
    `import * as entry from ${JSON.stringify(options.entry)};`,
    `import type * as World from ${JSON.stringify(worldModule)};`,
    ...exportNames.map((name) => `entry.${name} satisfies typeof World.${name};`),
    ...(options.httpStyle === 'module-worker'
      ? ['entry.default satisfies { fetch(request: Request, ...rest: never[]): Response | Promise<Response> };']
      : []),
  ];
  await writeFile(join(dir, 'check.ts'), `${check.join('\n')}\n`);
  await writeFile(join(dir, 'globals.d.ts'), fetchStyle ? ENGINE_GLOBALS + FETCH_EVENT_GLOBALS : ENGINE_GLOBALS);
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        // A fetch handler's Request, Response, Headers and URL are the web platform's.
        lib: fetchStyle ? ['ES2022', 'DOM', 'DOM.Iterable'] : ['ES2022'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        allowImportingTsExtensions: true,
        resolveJsonModule: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['check.ts', 'globals.d.ts', ...[...files.keys()]],
    }),
  );
  const { execa } = await import('../vendor/execa.js');
  const run = await execa(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
    reject: false,
    cwd: options.cwd,
  });
  if (run.exitCode === 0) return;

  const checked = [...exportNames, ...(options.httpStyle === 'module-worker' ? ['default'] : [])];
  const diagnostics = await parseDiagnostics(`${run.stdout}\n${run.stderr}`, dir, checked, options);
  if (!diagnostics.length) {
    throw internalError(`the TypeScript compiler failed: ${run.stderr || run.stdout}`);
  }
  const [first, ...rest] = diagnostics;
  throw typeError(first!.message, {
    location: first!.location,
    related: rest.map((d) => typeError(d.message, { location: d.location })),
  });
}

/**
 * Globals every engine gives the code (built in, or added by componentize) that the ES2022 lib
 * lacks: without them `console.log` in an entry fails the check. Kept to what both engines have.
 */
const ENGINE_GLOBALS = `interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
}
declare var console: Console;
`;

/** The service worker's fetch event, which TypeScript's DOM library does not declare. */
const FETCH_EVENT_GLOBALS = `interface FetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Response | PromiseLike<Response>): void;
  waitUntil(promise: PromiseLike<unknown>): void;
}
declare function addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
`;

/**
 * The `tsc` of the user's project if it has TypeScript, else ours. Located through
 * package.json's `bin`, since TypeScript 7 no longer exports `bin/tsc` as a module path.
 */
function resolveTsc(cwd: string): string {
  for (const from of [join(cwd, 'package.json'), fileURLToPath(import.meta.url)]) {
    try {
      const manifestPath = createRequire(from).resolve('typescript/package.json');
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> };
      const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.tsc;
      if (bin) return join(dirname(manifestPath), bin);
    } catch {
      // no TypeScript here; try the next place
    }
  }
  throw toolNotFound('--typecheck needs the TypeScript compiler, which is not installed', {
    hint: 'Install it in your project: npm install --save-dev typescript',
  });
}

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

async function parseDiagnostics(
  output: string,
  dir: string,
  exportNames: string[],
  options: { entry: string; cwd: string },
) {
  const entryText = await readFile(options.entry, 'utf8');
  const found: { message: string; location: SourceLocation | undefined }[] = [];
  for (const line of output.split('\n')) {
    const m = DIAGNOSTIC.exec(line.trim());
    if (!m) continue;
    const [, file, lineNo, column, code, text] = m as unknown as [string, string, string, string, string, string];
    const absolute = file.startsWith('/') ? file : join(options.cwd, file);
    if (absolute === join(dir, 'check.ts')) {
      // Line 3 onward: one world export each, then a module worker's default export.
      const name = exportNames[Number(lineNo) - 3];
      const what =
        name === 'default'
          ? 'the default export is not a fetch handler (`fetch(request: Request): Response | Promise<Response>`)'
          : `\`${name}\` does not match the world's declaration`;
      found.push({
        message: `${what}: ${text} (${code})`,
        location: name ? exportLocation(entryText, name, relative(options.cwd, options.entry)) : undefined,
      });
      continue;
    }
    found.push({
      message: `${text} (${code})`,
      location: { file: relative(options.cwd, absolute) || absolute, line: Number(lineNo), column: Number(column) },
    });
  }
  return found;
}

/** Where the entry declares an export: `export function greet`, `export const calc`, ... */
function exportLocation(text: string, name: string, file: string): SourceLocation | undefined {
  const match =
    new RegExp(`export\\s+(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+(${name})\\b`).exec(text) ??
    new RegExp(`\\b(${name})\\b`).exec(text);
  if (!match) return undefined;
  return toLocation(file, text, match.index + match[0].lastIndexOf(name));
}
