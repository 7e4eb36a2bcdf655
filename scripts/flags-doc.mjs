#!/usr/bin/env node
// Rewrites the generated "Flags" table of README.md from the flag table in src/options/flags.ts
// (npm run docs:flags).
import { listEngines } from '../dist/index.js';
import { flagsMarkdownTable } from '../dist/options/flags-doc.js';
import { rewriteGeneratedSection } from './generated-section.mjs';

await rewriteGeneratedSection(
  new URL('../README.md', import.meta.url),
  'flags',
  flagsMarkdownTable(await listEngines()),
);
