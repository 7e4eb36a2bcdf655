import { stat } from 'node:fs/promises';
import { ENGINES } from '../engines/registry.js';
import { engineUnsupported } from '../errors.js';
import { locateDeclaration } from '../wit/locate-error.js';
import { functionSites } from '../wit/world.js';
import { unsupportedFeatures, variantCapabilities } from '../wit-dylib/adapter.js';
import type { CheckContext } from './context.js';

/**
 * Fails before the build when the world uses something the engine cannot build: StarlingMonkey's
 * splicer panics on `stream`, `future` and async imports after seconds of work (its async
 * exports are built another way, see engines/starlingmonkey/sync-world.ts); here the user learns
 * it in milliseconds, at the WIT line, with the engine that can build it.
 */
export async function checkCapabilities(context: CheckContext, variant: string): Promise<void> {
  const { world, engine, witPath, cwd } = context;
  const capabilities = variantCapabilities(engine, variant);
  const label = engine.variants.length > 1 ? `${engine.name} (variant ${variant})` : engine.name;
  const problems = functionSites(world)
    .map((site) => ({ site, features: unsupportedFeatures(site, capabilities) }))
    .filter((p) => p.features.length > 0);
  if (problems.length === 0) return;

  const isDir = (await stat(witPath)).isDirectory();
  const errors = await Promise.all(
    problems.map(async ({ site, features }) => {
      const name = site.path.split('.').at(-1)!;
      return engineUnsupported(
        `${label} cannot build ${site.direction}ed function \`${site.path}\`: it uses ${features.join(', ')}`,
        {
          location: await locateDeclaration(name, witPath, isDir, cwd),
        },
      );
    }),
  );
  const capable = ENGINES.filter(
    (e) => e !== engine && problems.every(({ site }) => unsupportedFeatures(site, e.capabilities).length === 0),
  );
  const otherVariants = engine.variants.filter((v) =>
    problems.every(({ site }) => unsupportedFeatures(site, variantCapabilities(engine, v.name)).length === 0),
  );
  const [first, ...rest] = errors;
  // A WASI 0.3 world fails on dozens of WASI functions: say what it means first.
  const wasiP3 = problems.filter(({ site }) => /^wasi:[^@]+@0\.3\./.test(site.path));
  const features = [...new Set(wasiP3.flatMap((p) => p.features))].join(', ');
  const message = wasiP3.length
    ? `${label} does not support WASI 0.3: its interfaces use ${features} (first: ${site(wasiP3[0]!.site)})`
    : first!.message;
  throw engineUnsupported(message, {
    location: first!.location,
    related: wasiP3.length ? errors : rest,
    hint: otherVariants.length
      ? `Use --variant ${otherVariants[0]!.name}, or leave --variant out to let ${engine.name} choose.`
      : capable.length
        ? `Use --engine ${capable[0]!.name}, which supports ${[...new Set(problems.flatMap((p) => p.features))].join(', ')}.`
        : 'No installed engine supports this; change the world.',
  });
}

const site = (s: { direction: string; path: string }) => `${s.direction}ed function \`${s.path}\``;
