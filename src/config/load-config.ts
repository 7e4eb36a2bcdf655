import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { invalidOption, type SourceLocation } from '../errors.js';
import { toLocation } from '../wit/locate-error.js';
import { importConfig } from './import-config.js';

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string;
  /** What it exports (or contains, for JSON); validated by `configTargets`. */
  value: unknown;
  /** Its text, to point errors at the line of a bad key. */
  text: string;
}

/**
 * Reads a config file. JSON is parsed; JS and TS are bundled by esbuild into a temporary ES
 * module beside the file (so its imports resolve from the project) and imported — the approach
 * of Vite and tsdown, which works on every Node without a TypeScript loader — evaluated in a
 * worker thread with a time limit (import-config.ts). `componentize`
 * itself is replaced by a stub providing `defineConfig`, so a config works even where the tool
 * is not installed locally (e.g. run through npx).
 */
export async function loadConfigFile(file: string, signal?: AbortSignal): Promise<LoadedConfig> {
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw invalidOption(`cannot read the config file ${file}`, { cause });
  });
  if (file.endsWith('.json')) return { file, text, value: parseJson(file, text) };
  return { file, text, value: await importScript(file, signal) };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    return configError(
      `${basename(file)} is not valid JSON: ${message.replace(/^JSON\.parse: /, '')}`,
      position ? toLocation(file, text, Number(position[1])) : undefined,
    );
  }
}

async function importScript(file: string, signal: AbortSignal | undefined): Promise<unknown> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    plugins: [
      {
        name: 'componentize-define-config',
        setup(b) {
          b.onResolve({ filter: /^componentize$/ }, () => ({ path: 'componentize', namespace: 'componentize-stub' }));
          b.onLoad({ filter: /.*/, namespace: 'componentize-stub' }, () => ({
            contents: 'export const defineConfig = (config) => config;',
            loader: 'js',
          }));
        },
      },
    ],
  }).catch(
    (failure: {
      errors?: { text: string; location: { file: string; line: number; column: number; lineText: string } | null }[];
    }) => {
      const first = failure.errors?.[0];
      if (!first) throw failure;
      const loc = first.location;
      return configError(
        `cannot load ${basename(file)}: ${first.text}`,
        loc ? { file: loc.file, line: loc.line, column: loc.column + 1, lineText: loc.lineText } : undefined,
      );
    },
  );
  // Beside the config, so bare imports resolve from the project's node_modules.
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.mjs`);
  try {
    await writeFile(temp, result.outputFiles[0]!.text);
    return await importConfig(temp, file, signal);
  } finally {
    await rm(temp, { force: true });
  }
}

function configError(message: string, location: SourceLocation | undefined): never {
  throw invalidOption(message, { location, hint: 'Fix the config file, or pass --config to use another one.' });
}
