import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { type BuildWarning, exportMismatch, type SourceLocation } from '../errors.js';
import { HTTP_HANDLER_STYLES, type HttpHandlerStyle, incomingHandlerExport } from '../http/handler-style.js';
import type { AnyNode } from '../js/parse-bundle.js';
import type { ExportShape } from '../js/read-exports.js';
import { locateDeclaration } from '../wit/locate-error.js';
import { camelCase, interfaceExportName, interfaceWitName, pascalCase } from '../wit/names.js';
import type { WitFunction, WitResource, WorldModel } from '../wit/world.js';
import type { CheckContext } from './context.js';

interface Problem {
  message: string;
  /** The WIT declaration that requires the export. */
  witName: string;
  hint: string;
}

/**
 * Compares what the bundle exports with what the world exports, before any engine runs. Today
 * componentize-js reports a missing export after ~20 s of Wizer naming "source.js", and
 * componentize-qjs builds a component that traps when the function is called.
 */
export async function checkExports(
  context: CheckContext,
  exports: ReadonlyMap<string, ExportShape>,
  entry: string,
  locate: NodeLocator = () => undefined,
  httpStyle?: HttpHandlerStyle,
): Promise<BuildWarning[]> {
  const { world, witPath, cwd } = context;
  const entryName = relative(cwd, entry) || entry;
  const problems: Problem[] = [];
  const expected = new Set<string>();
  const arity: BuildWarning[] = [];
  const checkArity = (shape: ExportShape | undefined, jsName: string, fn: WitFunction) => {
    const warning = arityWarning(shape, jsName, fn, locate);
    if (warning) arity.push(warning);
  };
  const httpHandler = incomingHandlerExport(world);

  for (const item of world.exports) {
    // An HTTP handler in one of the fetch styles is adapted to the export by the engine or the glue.
    if (item === httpHandler && httpStyle !== 'raw') {
      if (httpStyle === 'module-worker') expected.add('default');
      if (httpStyle) continue;
      problems.push({
        message: `${entryName} has no HTTP handler, and the world exports \`${item.name}\``,
        witName: interfaceWitName(item.name),
        hint: `Answer requests in one of three styles: ${Object.values(HTTP_HANDLER_STYLES).join('; or ')}.`,
      });
      continue;
    }
    if (item.kind === 'function') {
      const jsName = camelCase(item.name);
      expected.add(jsName);
      const shape = exports.get(jsName);
      const example = `export function ${jsName}(${item.function.params.map((p) => camelCase(p.name)).join(', ')}) { ... }`;
      if (!shape)
        problems.push({
          message: `${entryName} does not export \`${jsName}\`, which the world exports as function \`${item.name}\``,
          witName: item.name,
          hint: `Add \`${example}\` to ${entryName}.`,
        });
      else if (shape.kind === 'object' || shape.kind === 'class')
        problems.push({
          message: `\`${jsName}\` in ${entryName} is ${shape.kind === 'class' ? 'a class' : 'an object'}, but the world exports \`${item.name}\` as a function`,
          witName: item.name,
          hint: `Export it as \`${example}\`.`,
        });
      checkArity(shape, jsName, item.function);
      continue;
    }
    const jsName = interfaceExportName(item.name);
    // How the user's WIT spells it: `export counters;` or `export calc: interface {`.
    const witName = interfaceWitName(item.name);
    expected.add(jsName);
    const shape = exports.get(jsName);
    const members = [
      ...item.interface.functions.map((f) => camelCase(f.name)),
      ...resources(item.interface.types).map((r) => pascalCase(r.name)),
    ];
    const example = `export const ${jsName} = { ${members.join(', ')} }`;
    if (!shape) {
      problems.push({
        message: `${entryName} does not export \`${jsName}\`, which the world exports as interface \`${item.name}\``,
        witName,
        hint: `Add \`${example}\` to ${entryName}.`,
      });
    } else if (shape.kind === 'function' || shape.kind === 'class') {
      problems.push({
        message: `\`${jsName}\` in ${entryName} is a ${shape.kind}, but the world exports \`${item.name}\` as an interface`,
        witName,
        hint: `Export an object with the interface's members: \`${example}\`.`,
      });
    } else if (shape.kind === 'object') {
      problems.push(
        ...interfaceProblems(
          item.name,
          jsName,
          item.interface.functions,
          resources(item.interface.types),
          shape.properties,
          entryName,
        ),
      );
      for (const fn of item.interface.functions)
        checkArity(shape.properties.get(camelCase(fn.name)), `${jsName}.${camelCase(fn.name)}`, fn);
    }
  }

  if (problems.length) {
    const isDir = (await stat(witPath)).isDirectory();
    const errors = await Promise.all(
      problems.map(async (p) =>
        exportMismatch(p.message, { location: await locateDeclaration(p.witName, witPath, isDir, cwd), hint: p.hint }),
      ),
    );
    const [first, ...rest] = errors;
    throw exportMismatch(first!.message, { location: first!.location, hint: first!.hint, related: rest });
  }

  const unused = [...exports.keys()]
    .filter((name) => !expected.has(name))
    .map((name) => ({
      code: 'UNUSED_EXPORT' as const,
      message: `${entryName} exports \`${name}\`, which the world does not export; the component will not expose it`,
    }));
  return [...arity, ...unused];
}

/** Where a syntax node of the bundle lies in the user's files (through the bundle's source map). */
export type NodeLocator = (node: AnyNode) => SourceLocation | undefined;

/**
 * A function declaring more parameters than its WIT function passes: the extra ones are always
 * `undefined` (neither engine complains), which is a mistake in the code or the WIT. Fewer is
 * fine: JavaScript may ignore arguments.
 */
function arityWarning(
  shape: ExportShape | undefined,
  jsName: string,
  fn: WitFunction,
  locate: NodeLocator,
): BuildWarning | undefined {
  if (shape?.kind !== 'function' || shape.params === undefined || shape.params <= fn.params.length) return undefined;
  const wit = fn.params.map((p) => p.name).join(', ');
  const location = shape.node ? locate(shape.node) : undefined;
  return {
    code: 'EXTRA_PARAMS',
    message: `\`${jsName}\` takes ${shape.params} parameters, but WIT \`${fn.name}\` passes ${fn.params.length}${wit ? ` (${wit})` : ''}: the last ${shape.params - fn.params.length} will always be undefined`,
    ...(location ? { location } : {}),
  };
}

/** The resources an exported interface defines (and the code must implement), not those it only `use`s. */
function resources(types: WorldModel['types']): WitResource[] {
  return types.filter((t): t is WitResource => t.kind === 'resource' && t.usedFrom === undefined);
}

function interfaceProblems(
  witName: string,
  jsName: string,
  functions: WitFunction[],
  resourceDefs: WitResource[],
  properties: ReadonlyMap<string, ExportShape>,
  entryName: string,
): Problem[] {
  const problems: Problem[] = [];
  for (const fn of functions) {
    const name = camelCase(fn.name);
    const shape = properties.get(name);
    if (!shape)
      problems.push({
        message: `\`${jsName}\` in ${entryName} has no \`${name}\`, which interface \`${witName}\` declares`,
        witName: fn.name,
        hint: `Add a function \`${name}\` to the \`${jsName}\` object.`,
      });
    else if (shape.kind === 'object' || shape.kind === 'class')
      problems.push({
        message: `\`${jsName}.${name}\` in ${entryName} is not a function`,
        witName: fn.name,
        hint: `\`${fn.name}\` is a function in interface \`${witName}\`.`,
      });
  }
  for (const resource of resourceDefs) {
    const name = pascalCase(resource.name);
    const shape = properties.get(name);
    if (!shape) {
      problems.push({
        message: `\`${jsName}\` in ${entryName} has no class \`${name}\` for resource \`${resource.name}\``,
        witName: resource.name,
        hint: `Add \`class ${name} { ... }\` and put it in the \`${jsName}\` object.`,
      });
      continue;
    }
    if (shape.kind !== 'class') continue; // a function can be a constructor too; not checked further
    for (const [list, isStatic] of [
      [resource.methods, false],
      [resource.statics, true],
    ] as const) {
      for (const fn of list) {
        const method = camelCase(fn.name);
        if (!(isStatic ? shape.statics : shape.methods).includes(method)) {
          problems.push({
            message: `class \`${name}\` in ${entryName} has no ${isStatic ? 'static ' : ''}method \`${method}\`, which resource \`${resource.name}\` declares`,
            witName: fn.name,
            hint: `Add \`${isStatic ? 'static ' : ''}${method}(${fn.params.map((p) => camelCase(p.name)).join(', ')}) { ... }\` to class \`${name}\`.`,
          });
        }
      }
    }
  }
  return problems;
}

/**
 * Where each exported function is in the bundle (`app.js:3:17`), by the name the boundary glue
 * wraps it under: `greet`, and `calc.add` for an interface object's member. Bundle positions, not
 * the user's: they go into the glue, so they must not change when the user's lines move but the
 * bundle does not (a comment: a cache hit by content); the stack mappers (verify; `run` with the
 * map beside the component) rewrite them to the user's files as they do the engine's stacks.
 */
export function exportLocations(
  exports: ReadonlyMap<string, ExportShape>,
  bundleFileName: string,
): Map<string, string> {
  const locations = new Map<string, string>();
  const add = (name: string, shape: ExportShape | undefined) => {
    const start =
      shape?.kind === 'function' ? (shape.node?.loc?.start as { line: number; column: number } | undefined) : undefined;
    // Engines print 1-based columns; the parser counts from 0.
    if (start) locations.set(name, `${bundleFileName}:${start.line}:${start.column + 1}`);
  };
  for (const [name, shape] of exports) {
    add(name, shape);
    if (shape.kind === 'object') for (const [member, inner] of shape.properties) add(`${name}.${member}`, inner);
  }
  return locations;
}
