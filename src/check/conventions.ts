import { stat } from 'node:fs/promises';
import { enginesWhere } from '../engines/registry.js';
import type { BuildWarning } from '../errors.js';
import { incomingHandlerExport } from '../http/handler-style.js';
import { locateDeclaration } from '../wit/locate-error.js';
import { functionSites, signatureContains, typeContains, type WitType, type WitTypeDef } from '../wit/world.js';
import type { CheckContext } from './context.js';

const isInt64 = (t: WitType) => t.kind === 'primitive' && (t.name === 'u64' || t.name === 's64');
const isOption = (t: WitType) => t.kind === 'option';

/**
 * Warnings for the values the boundary glue (wit-dylib/) cannot make exact on the chosen
 * engine: user code would see, or return, something other than our convention (u64/s64 as
 * BigInt, option none as undefined, u32 as a non-negative number), depending on the engine.
 * Everything else is converted at the boundary and needs no warning.
 */
export async function checkConventions(context: CheckContext): Promise<BuildWarning[]> {
  const { world, engine, witPath, cwd } = context;
  const isDir = (await stat(witPath)).isDirectory();
  const warnings: BuildWarning[] = [];
  const raw = engine.conventions;
  const httpHandler = incomingHandlerExport(world);
  for (const site of functionSites(world)) {
    const found: [BuildWarning['code'], string][] = [];
    // WASI's own u64s (stream lengths, timestamps) are the engines' business, not the user's.
    // So are the sites of a WASI HTTP handler export: the fetch glue (or a raw handler) deals in WASI types.
    const userFacing =
      (site.direction === 'export' && !(httpHandler && site.path.startsWith(`${httpHandler.name}.`))) ||
      !site.path.startsWith('wasi:');
    if (raw.int64 === 'number' && userFacing && signatureContains(site, isInt64)) {
      found.push([
        'INT64_PRECISION',
        site.direction === 'export'
          ? `\`${site.path}\` passes u64/s64: ${engine.name} rounds them to a double before JavaScript sees them, so the BigInt your code gets (or gives) is exact only up to 2^53 (${exact((e) => e.conventions.int64 === 'bigint')} is exact)`
          : `\`${site.path}\` is imported with u64/s64: on ${engine.name} your code passes and receives JavaScript numbers (exact up to 2^53), on ${exact((e) => e.conventions.int64 === 'bigint')} BigInts`,
      ]);
    }
    if (
      raw.optionNone !== 'undefined' &&
      userFacing &&
      site.direction === 'export' &&
      site.function.params.some((p) => nestedOption(p.type, site))
    ) {
      found.push([
        'OPTION_NONE',
        `\`${site.path}\` takes an option nested in another type: there none is \`${raw.optionNone}\` on ${engine.name} but \`undefined\` on ${exact((e) => e.conventions.optionNone === 'undefined')} (a top-level option is converted); test with \`== null\` to handle both`,
      ]);
    }
    if (!found.length) continue;
    const location = await locateDeclaration(site.path.split('.').at(-1)!, witPath, isDir, cwd);
    for (const [code, message] of found) warnings.push({ code, message, ...(location ? { location } : {}) });
  }
  return warnings;
}

/** The engines that do a thing exactly, for the comparison a warning makes: `quickjs`, `a or b`. */
function exact(does: Parameters<typeof enginesWhere>[0]): string {
  return enginesWhere(does).join(' or ') || 'no other engine';
}

/** An option the boundary does not convert: anywhere but at the top of a parameter. */
function nestedOption(type: WitType, site: { scope: WitTypeDef[] }): boolean {
  const top = type.kind === 'option' ? type.some : type;
  return typeContains(top, isOption, site.scope);
}
