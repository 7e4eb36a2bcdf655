import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import of a module by another, both named relative to the source root (`wit/world.ts`). */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/**
 * Every relative import in the TypeScript files under `root` (static, `export … from`, dynamic
 * `import()`), type-only ones included: a cycle through types still ties two modules together.
 * Comments are removed first, so an example in a doc comment is not an import. Generated code
 * inside template strings imports only bare specifiers, which are not followed.
 */
export function importGraph(root: string): { files: string[]; edges: ImportEdge[] } {
  const files: string[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'templates') walk(path);
      } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(relative(root, path));
    }
  })(root);
  const edges: ImportEdge[] = [];
  const pattern =
    /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?(['"])(\.{1,2}\/[^'"]+)\3|import\(\s*(['"])(\.{1,2}\/[^'"]+)\5\s*\)/g;
  for (const file of files) {
    const text = withoutComments(readFileSync(join(root, file), 'utf8'));
    for (const m of text.matchAll(pattern)) {
      const spec = m[4] ?? m[6]!;
      const target = resolve(root, dirname(file), spec.replace(/\.js$/, '.ts'));
      edges.push({
        from: file,
        to: relative(root, existsSync(target) ? target : resolve(root, dirname(file), spec)),
        typeOnly: Boolean(m[2]),
      });
    }
  }
  return { files, edges };
}

/** The source without `//` and `/* *\/` comments (string contents are kept: a `//` in a URL stays). */
function withoutComments(text: string): string {
  return text.replace(
    /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
    (_all, quoted: string | undefined) => quoted ?? '',
  );
}

/** The cycles among `edges` (each as the list of its modules), found with Tarjan's strongly connected components. */
export function cycles(nodes: readonly string[], edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const e of edges) if (e.from !== e.to) next.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return found;
}
