import type { AnyNode } from './parse-bundle.js';

/** One read of a global: its name and the node that reads it (for its location). */
export interface GlobalRead {
  name: string;
  node: AnyNode;
  /** `typeof X`: feature detection, which works without the global. */
  typeofGuard: boolean;
}

/** Objects through which code reaches the global scope: `globalThis.X`, `self.X`, `window.X`, `global.X`. */
const GLOBAL_OBJECTS = new Set(['globalThis', 'self', 'window', 'global']);

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * Every read of a global in the bundle: an identifier no enclosing scope declares, or a property
 * of `globalThis`/`self`/`window`/`global` (when that object is itself the global one). Scopes
 * are tracked the way JavaScript declares: `var` and functions per function, `let`/`const`/
 * `class` per block, parameters, catch clauses and imports; so a library's local `process`
 * variable is not taken for the global.
 */
export function globalReads(program: AnyNode): GlobalRead[] {
  const reads: GlobalRead[] = [];
  const scopes: Set<string>[] = [];
  const declared = (name: string) => scopes.some((s) => s.has(name));

  const visit = (node: AnyNode, parent: AnyNode | undefined): void => {
    const scope = scopeOf(node, parent);
    if (scope) scopes.push(scope);
    if (node.type === 'Identifier' && isReference(node, parent) && !declared(node.name)) {
      reads.push({
        name: node.name,
        node,
        typeofGuard: parent?.type === 'UnaryExpression' && parent.operator === 'typeof',
      });
    }
    if (
      node.type === 'MemberExpression' &&
      node.object.type === 'Identifier' &&
      GLOBAL_OBJECTS.has(node.object.name) &&
      !declared(node.object.name)
    ) {
      const name = !node.computed
        ? node.property.name
        : node.property.type === 'Literal'
          ? String(node.property.value)
          : undefined;
      if (name)
        reads.push({ name, node, typeofGuard: parent?.type === 'UnaryExpression' && parent.operator === 'typeof' });
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc') continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child.type === 'string') visit(child, node);
      } else if (value && typeof value === 'object' && typeof value.type === 'string') {
        visit(value, node);
      }
    }
    if (scope) scopes.pop();
  };
  visit(program, undefined);
  return reads;
}

/** The names a node declares for its children, if it opens a scope. */
function scopeOf(node: AnyNode, parent: AnyNode | undefined): Set<string> | undefined {
  if (node.type === 'Program') {
    const names = new Set<string>();
    hoistedVars(node, names);
    for (const statement of node.body) {
      lexical(statement, names);
      if (statement.type === 'ImportDeclaration') for (const s of statement.specifiers) names.add(s.local.name);
    }
    return names;
  }
  if (FUNCTION_TYPES.has(node.type)) {
    const names = new Set<string>();
    // A function expression's own name is visible inside it.
    if (node.type === 'FunctionExpression' && node.id) names.add(node.id.name);
    for (const param of node.params) patternNames(param, names);
    if (node.type !== 'ArrowFunctionExpression') names.add('arguments');
    if (node.body.type === 'BlockStatement') hoistedVars(node.body, names);
    return names;
  }
  if (node.type === 'ClassExpression' && node.id) return new Set([node.id.name]);
  if (node.type === 'BlockStatement' || node.type === 'StaticBlock' || node.type === 'SwitchStatement') {
    const names = new Set<string>();
    const statements = node.type === 'SwitchStatement' ? node.cases.flatMap((c: AnyNode) => c.consequent) : node.body;
    for (const statement of statements) lexical(statement, names);
    // A function body's own declarations are in the function's scope already.
    return parent && FUNCTION_TYPES.has(parent.type) && names.size === 0 ? undefined : names;
  }
  if (node.type === 'CatchClause' && node.param) {
    const names = new Set<string>();
    patternNames(node.param, names);
    return names;
  }
  if (
    (node.type === 'ForStatement' && node.init?.type === 'VariableDeclaration') ||
    ((node.type === 'ForInStatement' || node.type === 'ForOfStatement') && node.left.type === 'VariableDeclaration')
  ) {
    const names = new Set<string>();
    const declaration = node.type === 'ForStatement' ? node.init : node.left;
    for (const d of declaration.declarations) patternNames(d.id, names);
    return names;
  }
  return undefined;
}

/** `let`, `const`, `class` and function declarations directly in a block. */
function lexical(statement: AnyNode, names: Set<string>): void {
  const declaration =
    statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
      ? statement.declaration
      : statement;
  if (!declaration) return;
  if (declaration.type === 'VariableDeclaration' && declaration.kind !== 'var')
    for (const d of declaration.declarations) patternNames(d.id, names);
  if ((declaration.type === 'ClassDeclaration' || declaration.type === 'FunctionDeclaration') && declaration.id)
    names.add(declaration.id.name);
}

/** `var` declarations (and, sloppily but safely, nested function declarations) anywhere in a function body, not inside nested functions. */
function hoistedVars(node: AnyNode, names: Set<string>): void {
  if (node.type === 'VariableDeclaration' && node.kind === 'var')
    for (const d of node.declarations) patternNames(d.id, names);
  if (node.type === 'FunctionDeclaration' && node.id) names.add(node.id.name);
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const value = node[key];
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (!child || typeof child.type !== 'string' || FUNCTION_TYPES.has(child.type) || child.type === 'ClassBody')
        continue;
      hoistedVars(child, names);
    }
  }
}

function patternNames(pattern: AnyNode, names: Set<string>): void {
  if (pattern.type === 'Identifier') names.add(pattern.name);
  else if (pattern.type === 'ObjectPattern')
    for (const p of pattern.properties) patternNames(p.type === 'RestElement' ? p.argument : p.value, names);
  else if (pattern.type === 'ArrayPattern') for (const e of pattern.elements) e && patternNames(e, names);
  else if (pattern.type === 'RestElement') patternNames(pattern.argument, names);
  else if (pattern.type === 'AssignmentPattern') patternNames(pattern.left, names);
}

/** An identifier used as a value: not a property name, a declaration, a label or an import/export name. */
function isReference(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
      return parent.object === node || parent.computed;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      return (
        parent.value === node ||
        (parent.computed && parent.key === node) ||
        (parent.type === 'Property' && parent.shorthand)
      );
    case 'VariableDeclarator':
      return parent.init === node;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return parent.body === node;
    case 'ClassDeclaration':
    case 'ClassExpression':
      return parent.superClass === node;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
    case 'CatchClause':
    case 'MetaProperty':
      return false;
    case 'AssignmentPattern':
      return parent.right === node;
    case 'ArrayPattern':
    case 'ObjectPattern':
    case 'RestElement':
      return false;
    default:
      return true;
  }
}
