/**
 * zod, as the rest of the code imports it (`import * as z`): the tree-shakable `zod/mini` API
 * with zod's English messages (mini loads no locale of its own). Classic zod builds its whole
 * method-chaining API when loaded, ~35 ms of every build's start; the mini functions the schema
 * uses load in ~8 ms. Named exports, so the CLI bundle keeps only those (scripts/bundle-cli.mjs);
 * `npm run build` makes this file a single-file bundle first (scripts/bundle-vendor.mjs).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
