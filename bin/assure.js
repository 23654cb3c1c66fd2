#!/usr/bin/env node
// The CLI: one script made by the build (build/assure.cjs), compiled with the V8 code cache the build
// made for it, named by the V8 that made it (build/assure.cjs.v8-VERSION.cache). V8 takes the cache only
// when it fits (its version, its flags, the script's length) and otherwise compiles the script as
// usual: a stale cache costs time, never a result. Whoever can change the cache can change the script
// beside it, so it adds no way in. Under another Node (22 or later) there is no such file, and Node's
// own compile cache is used instead, kept in the user's cache folder.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { homedir, platform } = require('node:os');
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
  cachedData = readFileSync(`${file}.v8-${process.versions.v8}.cache`);
} catch {
  // Not made by this V8 (or a build without one).
}

/**
 * The user's own folder for Node's compile cache: beside the compiled-artefact cache (defaultCacheDir
 * in src/artefacts/compiled-cache.ts), never the shared temporary folder, where another user could
 * leave compiled code for this one to run.
 */
function userCacheDir(env) {
  if (env.ASSURE_CACHE_DIR) return join(env.ASSURE_CACHE_DIR, 'node');
  const os = platform();
  const base = os === 'win32' ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local')) : os === 'darwin' ? join(homedir(), 'Library', 'Caches') : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(base, 'assure', 'node');
}

let cli;
let script;
// The build, making the cache (ASSURE_CODE_CACHE_OUT), compiles the script itself under any Node.
if (cachedData === undefined && typeof Module.enableCompileCache === 'function' && !process.env.ASSURE_CODE_CACHE_OUT) {
  Module.enableCompileCache(userCacheDir(process.env));
  cli = require(file);
} else {
  script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const loaded = { exports: {} };
  script.runInThisContext()(loaded.exports, Module.createRequire(file), loaded, file, dirname(file));
  cli = loaded.exports;
}
void cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Set only by the build, which makes the cache by running the examples (scripts/bundle-cli.mjs).
  const out = process.env.ASSURE_CODE_CACHE_OUT;
  if (out && script) writeFileSync(out, script.createCachedData());
});
