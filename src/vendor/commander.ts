/** commander, bundled into one file by `npm run build` like `vendor/zod.ts` (start-up time). */
export { Command, CommanderError, Option } from 'commander';
