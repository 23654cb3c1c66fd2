#!/usr/bin/env node
// The CLI: one script made by the build (build/assure.cjs), compiled with the V8 code cache the build
// made for it (build/assure.cjs.cache). V8 takes the cache only when it fits (its version, its flags,
// the script's length) and otherwise compiles the script as usual: a stale cache costs time, never a
// result. Whoever can change the cache can change the script beside it, so it adds no way in.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const { setFlagsFromString } = require('node:v8');
const { Script } = require('node:vm');

// Terraform's parser runs as baseline WebAssembly only (see baselineWasmOnly in src/evidence/hcl.ts).
// Set here, before compiling, because V8 keys a code cache by the flags it was made under.
setFlagsFromString('--liftoff-only');

const file = join(__dirname, '..', 'build', 'assure.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  // No cache (a build without one): compiled as usual.
}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const cli = { exports: {} };
script.runInThisContext()(cli.exports, Module.createRequire(file), cli, file, dirname(file));
void cli.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Set only by the build, which makes the cache by running the examples (scripts/bundle-cli.mjs).
  const out = process.env.ASSURE_CODE_CACHE_OUT;
  if (out) writeFileSync(out, script.createCachedData());
});
