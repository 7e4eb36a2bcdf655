import { defineEngineSuite } from './helpers/e2e-suite.js';

// StarlingMonkey builds take ~20 s and ~800 MB each: every fixture is built exactly once here.
await defineEngineSuite('starlingmonkey');
