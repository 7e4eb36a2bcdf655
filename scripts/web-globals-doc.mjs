#!/usr/bin/env node
// Rewrites the generated "Web platform globals" table of README.md from the engines' adapters and
// src/bundle/globals/web-platform.ts (npm run docs:web-globals).
import { readFile, writeFile } from 'node:fs/promises';
import { webGlobalsMarkdownTable } from '../dist/bundle/globals/web-globals-doc.js';
import { listEngines } from '../dist/index.js';

const file = new URL('../README.md', import.meta.url);
const [START, END] = ['<!-- generated: npm run docs:web-globals -->', '<!-- end generated -->'];
const text = await readFile(file, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END, start);
if (start < 0 || end < 0) throw new Error(`README.md lacks the markers ${START} … ${END}`);
await writeFile(
  file,
  `${text.slice(0, start + START.length)}\n${webGlobalsMarkdownTable(await listEngines())}${text.slice(end)}`,
);
