// Run by `npm run build`, after tsc and the precompile step: the CLI bundled into one script
// (build/assure.cjs) with what the build precompiled inside it, then V8's code cache for that script,
// made by checking each bundled example once and named by the V8 that made it
// (build/assure.cjs.v8-VERSION.cache). bin/assure.js compiles the script with the cache, so a start
// skips parsing and compiling the code a check runs (Node 20 has no compile cache of its own). The
// cache holds compiled functions, not data: any manifest gains.
import { build } from 'esbuild';
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { precompiledPlugin } from './bundle-precompiled.mjs';
import { BUNDLE_ALIASES, hclWasmFiles, nodeFetchUrl } from './bundle-common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'assure.cjs');
// V8 takes a cache only from its own version, so the file says which made it (bin/assure.js looks for its own).
const cache = `${out}.v8-${process.versions.v8}.cache`;

/**
 * web-tree-sitter's ES module loads `module` with a dynamic import(), which a script compiled by
 * node:vm cannot make without an experimental option; its CommonJS build (same code) uses require().
 */
const webTreeSitterCommonJs = {
  name: 'web-tree-sitter-commonjs',
  setup(b) {
    const path = createRequire(import.meta.url).resolve('web-tree-sitter').replace(/\.js$/, '.cjs');
    b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path }));
  },
};

// What earlier builds wrote, so that nothing stale is left beside the script.
for (const old of ['chunks', 'assure.js', 'cli.bundle.mjs', 'assure-ascii.js']) {
  rmSync(join(root, 'build', old), { recursive: true, force: true });
}
for (const old of readdirSync(join(root, 'build')).filter((name) => name.startsWith('assure.cjs.') && name.endsWith('.cache'))) rmSync(join(root, 'build', old), { force: true });
await build({
  plugins: [precompiledPlugin(root), webTreeSitterCommonJs, nodeFetchUrl],
  entryPoints: [join(root, 'build', 'cli', 'main.js')],
  outfile: out,
  bundle: true,
  alias: BUNDLE_ALIASES,
  // Only the commands that write YAML (init, facts) use this package: loaded from the package's
  // dependencies when first used, so that no other start reads it. (A package loaded with import()
  // stays inside: a script compiled by node:vm cannot import.)
  external: ['yaml'],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  // Minified, local names too: a start reads and scans a fifth less text (users see messages, never stacks).
  minify: true,
  logLevel: 'warning',
  // The modules find the package (and the WebAssembly) from their own address; in one script it is this file's.
  define: { 'import.meta.url': '__assureUrl' },
  banner: { js: "const __assureUrl = require('node:url').pathToFileURL(__filename).href;" },
});
for (const { name, bytes } of hclWasmFiles()) writeFileSync(join(root, 'build', name), bytes);

// Each run compiles from the cache the one before wrote and adds what it ran, so the last holds them all.
const examples = readdirSync(join(root, 'examples')).filter((name) => existsSync(join(root, 'examples', name, 'design.yml'))).sort();
const next = `${cache}.next`;
for (const name of examples) {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'assure.js'), 'check', join('examples', name, 'design.yml'), '--format', 'json'], {
    cwd: root,
    env: { ...process.env, ASSURE_CODE_CACHE_OUT: next },
    encoding: 'utf8',
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`making the code cache: assure check examples/${name}/design.yml exited ${run.status}\n${run.stderr}`);
  renameSync(next, cache);
}
