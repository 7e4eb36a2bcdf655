import { relative } from 'node:path';
import { initProject } from '../init/init.js';
import { EXIT, formatWarning } from './print.js';

interface InitFlags {
  template: string;
  engine?: string;
  componentizeSpec?: string;
  force: boolean;
  quiet: boolean;
  json: boolean;
}

/** `componentize init [dir]`: a ready project; prints what it wrote and what to run next. */
export async function runInitCommand(dir: string | undefined, flags: InitFlags): Promise<number> {
  const spec = flags.componentizeSpec ?? (process.env.COMPONENTIZE_SPEC || undefined);
  const result = await initProject({
    ...(dir === undefined ? {} : { dir }),
    template: flags.template,
    ...(flags.engine === undefined ? {} : { engine: flags.engine }),
    // `$COMPONENTIZE_SPEC` stands in for the flag: a CI job or a team sets the tarball once.
    ...(spec === undefined ? {} : { componentizeSpec: spec }),
    force: flags.force,
  });
  // As a build's: on stderr, in the JSON with --json, not under --quiet.
  if (!flags.json && !flags.quiet) for (const warning of result.warnings) process.stderr.write(formatWarning(warning));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ok: true, ...result }, null, 2)}\n`);
  } else if (!flags.quiet) {
    const shown = relative(process.cwd(), result.dir);
    const cd = shown ? `cd ${shown} && ` : '';
    const article = /^(?:[aeiou]|http)/.test(result.template) ? 'an' : 'a'; // "an http project"
    process.stderr.write(
      `Created ${article} ${result.template} project (${result.engine}) in ${result.dir}:\n${result.files.map((f) => `  ${f}`).join('\n')}\n\nNext: ${cd}npm install && npm run build && npm test\n`,
    );
  }
  return EXIT.ok;
}
