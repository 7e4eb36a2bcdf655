#!/usr/bin/env node
// Rewrites the generated "Web platform globals" table of README.md from the engines' adapters and
// src/bundle/globals/web-platform.ts (npm run docs:web-globals).
import { webGlobalsMarkdownTable } from '../dist/bundle/globals/web-globals-doc.js';
import { listEngines } from '../dist/index.js';
import { rewriteGeneratedSection } from './generated-section.mjs';

await rewriteGeneratedSection(
  new URL('../README.md', import.meta.url),
  'web-globals',
  webGlobalsMarkdownTable(await listEngines()),
);
