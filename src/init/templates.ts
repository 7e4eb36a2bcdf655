import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../toolchain/package-root.js';

/** The project templates `componentize init` can write. */
export const TEMPLATES = ['plugin', 'command', 'http'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/** Templates live beside this module as plain files (copied into dist/ by the build); `shared/` goes into every project. */
const TEMPLATES_DIR = join(PACKAGE_ROOT, 'dist', 'init', 'templates');

/** The WASI WIT this package ships (the version the engines use), for templates whose world refers to WASI. */
export const WASI_WIT_DIR = fileURLToPath(new URL('../../wit/wasi-0.2.12/deps/', import.meta.url));

/** What a template file becomes: `_gitignore` is named so because npm leaves `.gitignore` files out of packages. */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore' };

/**
 * The world each template builds against: its own `wit/` folder, or a world that ships with
 * componentize (then `npm run types` is left out: the handler is typed by the DOM lib's Request).
 */
export const TEMPLATE_WIT: Record<TemplateName, { wit: string; ownWit: boolean }> = {
  plugin: { wit: 'wit', ownWit: true },
  command: { wit: 'wit', ownWit: true },
  http: { wit: 'wasi:http/proxy', ownWit: false },
};

/** Values substituted for `{{key}}` in template files. */
export type TemplateValues = Record<string, string>;

/** A template's files (shared first, the template's own win), path relative to the project, text substituted. */
export async function templateFiles(template: TemplateName, values: TemplateValues): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const part of ['shared', template]) {
    const root = join(TEMPLATES_DIR, part);
    for (const file of await listFiles(root)) {
      const path = relative(root, file)
        .split('/')
        .map((segment) => RENAMED[segment] ?? segment)
        .join('/');
      files.set(path, substitute(await readFile(file, 'utf8'), values));
    }
  }
  return files;
}

/** WIT files copied as they are (no substitution), under `wit/deps/` of the project. */
export async function wasiDeps(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of await listFiles(WASI_WIT_DIR))
    files.set(join('wit/deps', relative(WASI_WIT_DIR, file)), await readFile(file, 'utf8'));
  return files;
}

// Walked by hand: `readdir`'s `recursive` and `Dirent.parentPath` are newer than Node 20.6.
async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

function substitute(text: string, values: TemplateValues): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}
