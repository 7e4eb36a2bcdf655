// The one way the docs scripts (npm run docs:*) rewrite a generated section of a Markdown file:
// the text between `<!-- generated: npm run docs:<name> -->` and the next `<!-- end generated -->`.
import { readFile, writeFile } from 'node:fs/promises';

/** Replaces the section of `file` (a URL) that `npm run docs:<name>` generates with `content`. */
export async function rewriteGeneratedSection(file, name, content) {
  const [START, END] = [`<!-- generated: npm run docs:${name} -->`, '<!-- end generated -->'];
  const text = await readFile(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`${file.pathname} lacks the markers ${START} … ${END}`);
  await writeFile(file, `${text.slice(0, start + START.length)}\n${content}${text.slice(end)}`);
}
