import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeEngineChoices, findEngine, listEngines } from '../engines/registry.js';
import { ComponentizeError, causeChain, invalidOption } from '../errors.js';
import { componentNode } from '../host/component-node.js';
import { parseCall } from '../host/parse-call.js';
import { stackMapperFor } from '../js/stack-map.js';
import type { Budget } from '../options/schema.js';
import { componentize } from '../pipeline.js';
import type { BuildControl } from '../report.js';
import { stageRunner } from '../stage-runner.js';
import { verifyComponent } from '../verify/verify.js';
import { loadWorld } from '../wit/load.js';

export interface CompareOptions {
  entry: string;
  wit: string;
  world?: string;
  /** Engine names or aliases. Default: every engine. */
  engines?: string[];
  /** A call to time, e.g. `greet("World")`: adds cold start of that call and throughput. */
  invoke?: string;
  /** Timed rounds of the call for throughput. Default: 5. */
  iterations?: number;
  cwd?: string;
  /** Keep each variant's component in this directory (default: built in a temp dir, then removed). */
  outDir?: string;
  /** Limits to hold each variant to (sizes in bytes), shown as the budget column; nothing fails. */
  budget?: Budget;
  /** A stage listener for each variant's build, given its label (`quickjs sync-opt-size`): progress displays. */
  onStage?: (label: string) => BuildControl['onStage'];
}

export interface VariantResult {
  /** `quickjs sync-opt-size`, `starlingmonkey default+weval` */
  label: string;
  engine: string;
  variant: string;
  weval: boolean;
  status: 'built' | 'unavailable' | 'failed';
  /** The component, when `outDir` was given. */
  file?: string;
  /** Why it could not be built. */
  reason?: string;
  sizes?: { raw: number; gzip: number };
  buildMs?: number;
  /** Peak memory of the engine process while building. */
  peakBuildMemoryBytes?: number;
  /** Instantiation, plus the first call when `invoke` is given. */
  coldStartMs?: number;
  /** Steady-state calls per second of `invoke`, over the timed rounds. */
  throughput?: { min: number; median: number; rounds: number[] };
  /** Why a number of a built variant is missing (the table shows `–` with this as its footnote). */
  notMeasured?: { coldStart?: string; throughput?: string };
  /** With a budget: the figures over it (`size`, `gzip`, `coldStartMs`); empty when the variant fits. */
  overBudget?: (keyof Budget)[];
}

export interface CompareResult {
  entry: string;
  invoke: string | undefined;
  variants: VariantResult[];
}

const ROUND_MS = 400;

/**
 * Builds the same input with every engine and variant (StarlingMonkey also with weval), one
 * after the other so they do not compete for the machine, and measures each. Variants that
 * cannot build the world are listed with the reason, not dropped.
 */
export async function compareEngines(options: CompareOptions): Promise<CompareResult> {
  const cwd = options.cwd ?? process.cwd();
  const all = await listEngines();
  const engines = (options.engines ?? all.map((e) => e.name)).map((name) => {
    const engine = findEngine(all, name);
    if (!engine)
      throw invalidOption(`Invalid value for --engines: "${name}"`, {
        hint: `Allowed: ${describeEngineChoices(all)}.`,
      });
    return engine;
  });
  const call = options.invoke === undefined ? undefined : parseCall(options.invoke);
  // The world model gives verification its stubs for the world's own imports.
  const { model } = await stageRunner({}).stage('wit', () => loadWorld(resolve(cwd, options.wit), options.world, cwd));
  // Without a Node that runs components, nothing can be timed; each variant says so.
  const unmeasurable = (await componentNode(cwd))
    ? undefined
    : `not measured: running a component needs Node >= 24.20 (JSPI), and this is Node ${process.version}, with no such Node in node_modules/node or on PATH`;
  const dir = await mkdtemp(join(tmpdir(), 'componentize-compare-'));
  const variants: VariantResult[] = [];
  try {
    for (const engine of engines) {
      const plans = [
        ...engine.variants.map((v) => ({ variant: v.name, weval: false })),
        ...(engine.capabilities.aot ? engine.variants.map((v) => ({ variant: v.name, weval: true })) : []),
      ];
      for (const plan of plans) {
        const label = `${engine.name} ${plan.variant}${plan.weval ? '+weval' : ''}`;
        const base = { label, engine: engine.name, variant: plan.variant, weval: plan.weval };
        const out = join(
          options.outDir ? resolve(cwd, options.outDir) : dir,
          `${label.replace(/[^a-z0-9+-]+/gi, '-')}.wasm`,
        );
        try {
          // The cache is off: a hit would report the copy's time as the build's, and no memory.
          const { report } = await componentize(
            {
              entry: options.entry,
              wit: options.wit,
              ...(options.world ? { world: options.world } : {}),
              engine: engine.name,
              variant: plan.variant,
              weval: plan.weval,
              out,
              verify: false,
              sourcemap: true,
              cwd,
              cache: false,
            },
            { onStage: options.onStage?.(label) },
          );
          // With the source map, a trap's stack in the reason names the user's files.
          const { verification } = unmeasurable
            ? { verification: undefined }
            : await verifyComponent(out, {
                world: model,
                call,
                workDir: dir,
                throughput: call ? { rounds: options.iterations ?? 5, roundMs: ROUND_MS } : undefined,
                mapper: await stackMapperFor(out),
              });
          const rounds = verification?.callsPerSecond ?? [];
          const coldStartMs = verification ? verification.instantiateMs + (verification.call?.ms ?? 0) : undefined;
          variants.push({
            ...base,
            status: 'built',
            ...(options.outDir ? { file: out } : {}),
            sizes: report.sizes,
            buildMs: report.totalMs,
            peakBuildMemoryBytes: report.enginePeakRssBytes,
            ...(coldStartMs !== undefined ? { coldStartMs } : {}),
            ...(options.budget ? { overBudget: overBudget(options.budget, report.sizes, coldStartMs) } : {}),
            ...(rounds.length ? { throughput: { min: Math.min(...rounds), median: median(rounds), rounds } } : {}),
            ...(unmeasurable
              ? { notMeasured: { coldStart: unmeasurable, ...(call ? { throughput: unmeasurable } : {}) } }
              : {}),
          });
        } catch (error) {
          const e = error instanceof ComponentizeError ? error : undefined;
          const before = e && (e.code === 'ENGINE_UNSUPPORTED' || e.code === 'TOOL_NOT_FOUND');
          variants.push({
            ...base,
            status: before ? 'unavailable' : 'failed',
            reason: e ? [e.message, ...causeChain(e)].join(' ').replace(/\n\s*/g, ' ') : String(error),
          });
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { entry: options.entry, invoke: options.invoke, variants };
}

/** The figures over their limit, measured the way a build's budget measures them (src/emit/budget.ts). */
function overBudget(
  budget: Budget,
  sizes: { raw: number; gzip: number },
  coldStartMs: number | undefined,
): (keyof Budget)[] {
  const over: (keyof Budget)[] = [];
  if (budget.size !== undefined && sizes.raw > budget.size) over.push('size');
  if (budget.gzip !== undefined && sizes.gzip > budget.gzip) over.push('gzip');
  if (budget.coldStartMs !== undefined && coldStartMs !== undefined && coldStartMs > budget.coldStartMs)
    over.push('coldStartMs');
  return over;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
