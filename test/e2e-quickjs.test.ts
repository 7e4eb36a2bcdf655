import { defineEngineSuite } from './helpers/e2e-suite.js';

await defineEngineSuite('quickjs');
