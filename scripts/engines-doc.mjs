#!/usr/bin/env node
// Rewrites the generated table in docs/engines.md from the engine adapters (npm run docs:engines).
import { listEngines } from '../dist/index.js';
import { engineTable } from './engine-table.mjs';
import { rewriteGeneratedSection } from './generated-section.mjs';

await rewriteGeneratedSection(
  new URL('../docs/engines.md', import.meta.url),
  'engines',
  engineTable(await listEngines()),
);
