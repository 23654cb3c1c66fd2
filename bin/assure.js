#!/usr/bin/env node
// The compiled CLI lives in build/ (made by `npm ci` through the prepare script).
import { main } from '../build/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
