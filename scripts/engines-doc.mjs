#!/usr/bin/env node
// Rewrites the generated table in docs/engines.md from the engine adapters (npm run docs:engines).
import { readFile, writeFile } from 'node:fs/promises';
import { listEngines } from '../dist/index.js';
import { engineTable } from './engine-table.mjs';

const file = new URL('../docs/engines.md', import.meta.url);
const [START, END] = ['<!-- generated: npm run docs:engines -->', '<!-- end generated -->'];
const text = await readFile(file, 'utf8');
const before = text.slice(0, text.indexOf(START) + START.length);
const after = text.slice(text.indexOf(END));
await writeFile(file, `${before}\n${engineTable(await listEngines())}${after}`);
