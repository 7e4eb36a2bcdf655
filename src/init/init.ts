import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_ENGINE, describeEngineChoices, findEngine, listEngines } from '../engines/registry.js';
import { type BuildWarning, invalidOption } from '../errors.js';
import { writeFileAtomic } from '../store/write-atomic.js';
import { PACKAGE_ROOT } from '../toolchain/package-root.js';
import { componentizeSpec } from './componentize-spec.js';
import { TEMPLATE_WIT, TEMPLATES, type TemplateName, templateFiles, wasiDeps } from './templates.js';

export interface InitOptions {
  /** The project directory; created if missing. Default: the working directory. */
  dir?: string;
  /** `plugin` (a custom world with a host import), `command` (`wasi:cli/run`), or `http` (a `fetch` handler, `wasi:http/proxy`). Default: `plugin`. */
  template?: string;
  /** Engine the config builds with and the test runs on. Default: the default engine. */
  engine?: string;
  /**
   * The `componentize` devDependency's spec in package.json: a version, a git URL, or a path (a
   * tarball from `npm pack`, a clone), which is written as a `file:` spec that names the same file
   * from the new project (a relative path is taken from `cwd`). Default: the clone or tarball this
   * componentize runs from when it can be found, else `^<this version>` (with a warning while the
   * package is not published).
   */
  componentizeSpec?: string;
  /** Overwrite files that exist. Default: false (nothing is written when any exists). */
  force?: boolean;
  /** Directory `dir` is relative to. Default: `process.cwd()`. */
  cwd?: string;
}

export interface InitResult {
  dir: string;
  template: TemplateName;
  engine: string;
  /** Written files, relative to `dir`. */
  files: string[];
  /** The `componentize` devDependency written to package.json. */
  componentizeSpec: string;
  /** `NOT_ON_REGISTRY`: the devDependency is a version range npm cannot install yet. */
  warnings: BuildWarning[];
}

/**
 * The size budget the config starts with: room for either engine's hello-sized component (the
 * largest is ~12 MB), so a fresh project builds everywhere; the config's comment says to lower it.
 * Not per engine: code outside src/engines/ does not name engines.
 */
const SIZE_BUDGET = '16 MB';

/** What each template's test does, for the README (`{{testNote}}`). */
const TEST_NOTES: Record<TemplateName, string> = {
  plugin: ", with the host's imports mocked",
  command: ', capturing what it prints on stdout',
  http: '',
};

/**
 * `componentize init`: writes a project that builds and tests as soon as it is installed:
 * package.json with `build`/`test` scripts, the config, the world, `src/app.ts` and a test that
 * calls the component. Refuses (writing nothing) when any of its files exists, unless `force`.
 */
export async function initProject(options: InitOptions = {}): Promise<InitResult> {
  const template = (options.template ?? 'plugin') as TemplateName;
  if (!TEMPLATES.includes(template)) {
    throw invalidOption(`Invalid value for --template: "${options.template}"`, {
      hint: `Allowed: ${TEMPLATES.join(', ')}.`,
    });
  }
  const engines = await listEngines();
  const engine = findEngine(engines, options.engine ?? DEFAULT_ENGINE);
  if (!engine)
    throw invalidOption(`Invalid value for --engine: "${options.engine}"`, {
      hint: `Allowed: ${describeEngineChoices(engines)}.`,
    });

  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.dir ?? '.');
  const name = npmName(basename(dir));
  const own = await ownPackage();
  const dependency = componentizeSpec(options.componentizeSpec, dir, cwd, own);
  const values = { name, engine: engine.name, template, sizeBudget: SIZE_BUDGET, testNote: TEST_NOTES[template] };
  const files = await templateFiles(template, values);
  if (template === 'command') for (const [path, text] of await wasiDeps()) files.set(path, text);
  files.set(
    'package.json',
    `${JSON.stringify(packageJson(name, { componentize: dependency.spec, node: own.node }, TEMPLATE_WIT[template]), null, 2)}\n`,
  );

  const existing: string[] = [];
  for (const path of [...files.keys()].sort())
    if (await stat(join(dir, path)).catch(() => undefined)) existing.push(path);
  if (existing.length && !options.force) {
    throw invalidOption(
      `${dir} already has ${existing.length === 1 ? 'a file' : 'files'} that init would write: ${existing.join(', ')}`,
      {
        hint: 'Nothing was written. Pick an empty directory, or pass --force to overwrite them.',
      },
    );
  }
  const paths = [...files.keys()].sort();
  for (const path of paths) await writeFileAtomic(join(dir, path), files.get(path)!);
  return {
    dir,
    template,
    engine: engine.name,
    files: paths,
    componentizeSpec: dependency.spec,
    warnings: dependency.warning ? [dependency.warning] : [],
  };
}

function packageJson(
  name: string,
  specs: { componentize: string; node: string | undefined },
  world: { wit: string; ownWit: boolean },
): Record<string, unknown> {
  // The guest types are written from the project's own world; a built-in world's handler needs none.
  const scripts = world.ownWit
    ? {
        types: `componentize types --wit ${world.wit} -o types --quiet`,
        build: 'npm run types && componentize',
        test: 'vitest run',
      }
    : { build: 'componentize', test: 'vitest run' };
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts,
    // Node >= 24.20 runs components (JSPI): the tests call the component in Node. The `node`
    // package (the version componentize is tested with) puts that Node first on npm scripts' PATH,
    // so `npm test` works where the system Node is older, as in this repository; the system Node
    // then only needs what building needs, and saying 24.20 would make npm warn EBADENGINE there.
    engines: { node: specs.node ? '>=20.6' : '>=24.20' },
    devDependencies: {
      componentize: specs.componentize,
      ...(specs.node ? { node: specs.node } : {}),
      vitest: '^4.1.12',
    },
  };
}

/** A directory name as an npm package name: lower case, no spaces or odd characters. */
function npmName(dirName: string): string {
  return (
    dirName
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-._]+|-+$/g, '') || 'component'
  );
}

/** This package's version, whether it can be on the registry, and the Node it is developed with. */
async function ownPackage(): Promise<{ version: string; private: boolean; node: string | undefined }> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    private?: boolean;
    devDependencies?: Record<string, string>;
  };
  return { version: pkg.version, private: pkg.private === true, node: pkg.devDependencies?.node };
}
