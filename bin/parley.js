#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/js (run `npm run build` first).
import { main } from '../dist/js/server/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
