#!/usr/bin/env node
// Copies the project templates of `componentize init` (src/init/templates/, plain files that
// tsc does not compile) to dist/init/templates/, where the built init module reads them.
import { cp, rm } from 'node:fs/promises';

const from = new URL('../src/init/templates/', import.meta.url);
const to = new URL('../dist/init/templates/', import.meta.url);
await rm(to, { recursive: true, force: true });
await cp(from, to, { recursive: true });
