// The corpus's cases: one directory per npm package, each with `app.ts` (the app, exporting
// `run(input)` against world.wit, or a fetch handler's default export for `"http": true`) and
// `case.json` (`{ "inputs": [...], "http"?: true }`). For an HTTP case an input is
// `METHOD /path [JSON body]`.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CORPUS = new URL('.', import.meta.url).pathname;
export const WORLD = join(CORPUS, 'world.wit');

export async function loadCases() {
  const cases = [];
  for (const entry of (await readdir(CORPUS, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = join(CORPUS, entry.name);
    const spec = JSON.parse(await readFile(join(dir, 'case.json'), 'utf8'));
    if (!Array.isArray(spec.inputs) || spec.inputs.length === 0)
      throw new Error(`${entry.name}/case.json: "inputs" must be a non-empty list`);
    cases.push({ name: entry.name, entry: join(dir, 'app.ts'), http: spec.http === true, inputs: spec.inputs });
  }
  return cases;
}

/** `METHOD /path [body]` as the arguments of `fetch`/`new Request` (a body is JSON). */
export function httpRequest(input, origin) {
  const [, method, path, body] = /^(\S+) (\S+)(?: (.*))?$/s.exec(input) ?? [];
  if (!method) throw new Error(`an HTTP input is "METHOD /path [body]", not ${JSON.stringify(input)}`);
  const init = body === undefined ? { method } : { method, body, headers: { 'content-type': 'application/json' } };
  return [`${origin}${path}`, init];
}

/**
 * What an HTTP answer is compared by: status, content type and body. Other headers (date,
 * content-length, the server's own) differ between a served component and an in-process fetch.
 */
export async function describeResponse(response) {
  return `${response.status} ${response.headers.get('content-type')}\n${await response.text()}`;
}
