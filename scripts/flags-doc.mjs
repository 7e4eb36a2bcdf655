#!/usr/bin/env node
// Rewrites the generated "Flags" table of README.md from the flag table in src/options/flags.ts
// (npm run docs:flags).
import { readFile, writeFile } from 'node:fs/promises';
import { listEngines } from '../dist/index.js';
import { flagsMarkdownTable } from '../dist/options/flags-doc.js';

const file = new URL('../README.md', import.meta.url);
const [START, END] = ['<!-- generated: npm run docs:flags -->', '<!-- end generated -->'];
const text = await readFile(file, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END, start);
if (start < 0 || end < 0) throw new Error(`README.md lacks the markers ${START} … ${END}`);
await writeFile(
  file,
  `${text.slice(0, start + START.length)}\n${flagsMarkdownTable(await listEngines())}${text.slice(end)}`,
);
