#!/usr/bin/env node
// The CLI, bundled into one module by the build (made by `npm ci` through the prepare script).
import { baselineWasmOnly, main } from '../build/assure.js';

baselineWasmOnly();
process.exitCode = await main(process.argv.slice(2));
