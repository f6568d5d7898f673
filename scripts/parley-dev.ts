// Runs the CLI from the TypeScript sources without a build:
//   node --import tsx scripts/parley-dev.ts <command> ...
import { main } from '../server/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
