import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { type Loader, type Plugin, transform } from 'esbuild';
import { globalReads } from '../js/free-globals.js';
import type { AnyNode } from '../js/parse-bundle.js';
import { parseBundle } from '../js/parse-bundle.js';

const PROCESS_MODULES = new Set(['process', 'node:process']);
const IMPORTS_PROCESS = /\bfrom\s*["'](?:node:)?process["']/;
const LOADERS: Record<string, Loader> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
};

/**
 * `process.env.NODE_ENV` through an import of `node:process` (`import process from
 * 'node:process'`, `import * as p from ...`, `import { env } from ...`), replaced at build time like
 * the global one. esbuild's `define` only replaces globals, never an imported binding, so the
 * first pass loads the few files that import `process` and name `NODE_ENV` through this plugin:
 * each reference to the import's `env.NODE_ENV` becomes the value, and esbuild then drops the dead
 * branches (and does not bundle what only they require) as it does for the global.
 */
export function importedNodeEnvPlugin(nodeEnv: string): Plugin {
  const value = JSON.stringify(nodeEnv);
  return {
    name: 'componentize:imported-node-env',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const loader = LOADERS[extname(args.path)];
        if (!loader || args.namespace !== 'file') return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('NODE_ENV') || !IMPORTS_PROCESS.test(source)) return { contents: source, loader };
        // TypeScript and JSX become plain ES modules first (with a map back), so acorn can read them.
        const js =
          loader === 'js'
            ? source
            : (
                await transform(source, {
                  loader,
                  format: 'esm',
                  sourcemap: 'inline',
                  sourcefile: args.path,
                  target: 'esnext',
                })
              ).code;
        const replaced = replaceImportedNodeEnv(js, value);
        return {
          contents: replaced ?? source,
          loader: replaced === undefined ? loader : 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/** `js` with every read of `env.NODE_ENV` through an import of `process` replaced by `value`; undefined if there is none. */
export function replaceImportedNodeEnv(js: string, value: string): string | undefined {
  let program: ReturnType<typeof parseBundle>;
  try {
    program = parseBundle(js);
  } catch {
    return undefined; // not an ES module acorn reads (a script mentioning both words): esbuild reports real errors
  }
  const imports = program.body.filter((s) => s.type === 'ImportDeclaration' && PROCESS_MODULES.has(s.source.value));
  // What each local name of those imports is: the process object, the module namespace, or `env`.
  const kinds = new Map<string, 'process' | 'namespace' | 'env'>();
  for (const s of imports.flatMap((i) => i.specifiers as AnyNode[])) {
    const imported = s.type === 'ImportSpecifier' ? (s.imported.name ?? s.imported.value) : undefined;
    const kind =
      s.type === 'ImportDefaultSpecifier' || imported === 'default'
        ? 'process'
        : s.type === 'ImportNamespaceSpecifier'
          ? 'namespace'
          : imported === 'env'
            ? 'env'
            : undefined;
    if (kind) kinds.set(s.local.name, kind);
  }
  if (!kinds.size) return undefined;
  // Without the import declarations, a reference to an imported name no inner scope redeclares
  // is a "global" read: free-globals.ts already tracks every scope.
  const references = new Set(
    globalReads({ ...program, body: program.body.filter((s) => !imports.includes(s)) })
      .filter((r) => kinds.has(r.name) && r.node.type === 'Identifier')
      .map((r) => r.node),
  );
  const ranges: { start: number; end: number }[] = [];
  const visit = (node: AnyNode, parent: AnyNode | undefined): void => {
    if (
      node.type === 'MemberExpression' &&
      isNodeEnvRead(node, parent, (n) => (references.has(n) ? kinds.get(n.name) : undefined))
    ) {
      ranges.push({ start: node.start, end: node.end });
      return;
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc') continue;
      const child = node[key];
      if (Array.isArray(child)) for (const c of child) if (c && typeof c.type === 'string') visit(c, node);
      if (child && typeof child === 'object' && typeof child.type === 'string') visit(child, node);
    }
  };
  visit(program, undefined);
  if (!ranges.length) return undefined;
  let out = js;
  for (const { start, end } of ranges.sort((a, b) => b.start - a.start))
    out = `${out.slice(0, start)}(${value})${out.slice(end)}`;
  return out;
}

/** `<env>.NODE_ENV`, where `<env>` is `P.env`, `N.env`, `N.default.env` or `E`; not as an assignment target. */
function isNodeEnvRead(
  node: AnyNode,
  parent: AnyNode | undefined,
  kindOf: (n: AnyNode) => string | undefined,
): boolean {
  if (propertyName(node) !== 'NODE_ENV') return false;
  if (
    (parent?.type === 'AssignmentExpression' && parent.left === node) ||
    parent?.type === 'UpdateExpression' ||
    (parent?.type === 'UnaryExpression' && parent.operator === 'delete')
  )
    return false;
  const env = node.object as AnyNode;
  if (env.type === 'Identifier') return kindOf(env) === 'env';
  if (env.type !== 'MemberExpression' || propertyName(env) !== 'env') return false;
  const owner = env.object as AnyNode;
  if (owner.type === 'Identifier') return kindOf(owner) === 'process' || kindOf(owner) === 'namespace';
  return (
    owner.type === 'MemberExpression' &&
    propertyName(owner) === 'default' &&
    owner.object.type === 'Identifier' &&
    kindOf(owner.object) === 'namespace'
  );
}

function propertyName(node: AnyNode): string | undefined {
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  return node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
}
