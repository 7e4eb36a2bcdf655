import type { AnyNode, BundleProgram } from './parse-bundle.js';

/** What the bundle exports under one name, as far as can be told without running it. */
export type ExportShape =
  /**
   * `params`: how many parameters it declares (undefined with a rest parameter: any number);
   * `node`: its syntax node, to locate it in the user's file. A method shorthand has both too.
   */
  | { kind: 'function'; params?: number | undefined; node?: AnyNode }
  | { kind: 'class'; methods: string[]; statics: string[] }
  /** An object literal: its properties, each with its own shape. */
  | { kind: 'object'; properties: Map<string, ExportShape> }
  /** Computed at run time (a call result, a re-assignment...): not checked. */
  | { kind: 'unknown' };

/**
 * Reads the bundle's exports and their shapes from its syntax tree. esbuild emits declarations
 * at the top level and one `export { local as name }` list, so following identifiers through
 * top-level declarations covers what users write: `export function`, `export class`,
 * `export const api = { add, Counter }`.
 */
export function readExports(program: BundleProgram): Map<string, ExportShape> {
  const declarations = new Map<string, AnyNode>();
  for (const statement of program.body) {
    const decl = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (!decl) continue;
    if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id)
      declarations.set(decl.id.name, decl);
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.init) declarations.set(d.id.name, d.init);
    }
  }
  const shapeOf = (node: AnyNode | undefined | null, seen = new Set<AnyNode>()): ExportShape => {
    if (!node || seen.has(node)) return { kind: 'unknown' };
    seen.add(node);
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return functionShape(node);
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const members = node.body.body.filter(
          (m: AnyNode) => m.type === 'MethodDefinition' && m.kind === 'method' && m.key.type === 'Identifier',
        );
        return {
          kind: 'class',
          methods: members.filter((m: AnyNode) => !m.static).map((m: AnyNode) => m.key.name),
          statics: members.filter((m: AnyNode) => m.static).map((m: AnyNode) => m.key.name),
        };
      }
      case 'ObjectExpression': {
        const properties = new Map<string, ExportShape>();
        for (const p of node.properties) {
          if (p.type !== 'Property') return { kind: 'unknown' }; // a spread: contents unknown
          const key =
            p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
          if (key !== undefined) properties.set(key, shapeOf(p.value, seen));
        }
        return { kind: 'object', properties };
      }
      case 'Identifier':
        return shapeOf(declarations.get(node.name), seen);
      default:
        return { kind: 'unknown' };
    }
  };

  const exports = new Map<string, ExportShape>();
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration') exports.set('default', shapeOf(statement.declaration));
    if (statement.type !== 'ExportNamedDeclaration') continue;
    if (statement.declaration) {
      const decl = statement.declaration;
      if (decl.id) exports.set(decl.id.name, shapeOf(decl));
      for (const d of decl.declarations ?? []) if (d.id.type === 'Identifier') exports.set(d.id.name, shapeOf(d.init));
    }
    for (const spec of statement.specifiers ?? []) {
      const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
      exports.set(exported, statement.source ? { kind: 'unknown' } : shapeOf(spec.local));
    }
  }
  return exports;
}

function functionShape(node: AnyNode): ExportShape {
  const params: AnyNode[] = node.params ?? [];
  return { kind: 'function', params: params.some((p) => p.type === 'RestElement') ? undefined : params.length, node };
}
