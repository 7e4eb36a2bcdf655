/**
 * zod, as the rest of the code imports it. `npm run build` replaces the compiled file with a
 * single-file bundle of zod (scripts/bundle-vendor.mjs): loading zod's ~200 modules one by one
 * costs ~60 ms at every start, a third of a cached build's time; one bundled file loads in ~15 ms.
 * Without that step this re-export works the same, only slower.
 */
export { z } from 'zod';
