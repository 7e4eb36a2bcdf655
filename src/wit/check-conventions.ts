import { stat } from 'node:fs/promises';
import type { BuildWarning } from '../errors.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';
import { functionSites, signatureContains, type WitType, type WorldModel } from '../wit-dylib/world.js';
import { locateDeclaration } from './locate-error.js';

const isInt64 = (t: WitType) => t.kind === 'primitive' && (t.name === 'u64' || t.name === 's64');
const isOption = (t: WitType) => t.kind === 'option';
const isU32 = (t: WitType | undefined) => t?.kind === 'primitive' && t.name === 'u32';

/**
 * Warnings for values the chosen engine hands to JavaScript differently from the convention
 * (jco / ComponentizeJS: u64 as BigInt, option none as undefined): the same program then
 * computes different results, silently, depending on the engine.
 */
export async function checkConventions(world: WorldModel, engine: EngineAdapter, witPath: string, cwd: string): Promise<BuildWarning[]> {
  const isDir = (await stat(witPath)).isDirectory();
  const warnings: BuildWarning[] = [];
  for (const site of functionSites(world)) {
    const found: [BuildWarning['code'], string][] = [];
    if (engine.conventions.int64 === 'number' && signatureContains(site, isInt64)) {
      found.push(['INT64_PRECISION', `\`${site.path}\` passes u64/s64 as a JavaScript number on ${engine.name}: values beyond 2^53 lose precision (starlingmonkey passes BigInt)`]);
    }
    if (engine.conventions.optionNone !== 'undefined' && signatureContains(site, isOption)) {
      found.push(['OPTION_NONE', `\`${site.path}\` uses option<T>: none is \`${engine.conventions.optionNone}\` on ${engine.name} but \`undefined\` on starlingmonkey; test with \`== null\` to handle both`]);
    }
    if (engine.conventions.u32 === 'lossy-results' && isU32(site.function.result)) {
      found.push(['U32_RESULT', `\`${site.path}\` returns u32: on ${engine.name}, results of 2^31 and above come out wrong (quickjs returns them exactly)`]);
    }
    if (!found.length) continue;
    const location = await locateDeclaration(site.path.split('.').at(-1)!, witPath, isDir, cwd);
    for (const [code, message] of found) warnings.push({ code, message, ...(location ? { location } : {}) });
  }
  return warnings;
}
