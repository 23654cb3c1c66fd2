// Bundles the Action (action/index.ts) into dist/index.js, as GitHub's typescript-action template does.
// `node scripts/bundle-action.mjs --check` exits 1 when dist/ is stale (used by the tests).
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompiledPlugin } from './bundle-precompiled.mjs';
import { BUNDLE_ALIASES, hclWasmFiles } from './bundle-common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');

/**
 * @actions/core's modules have no side effects when imported, but its package does not say so, so every
 * one of them stayed in the bundle, and with them what only its unused parts need: its OIDC client pulls
 * in @actions/http-client and undici (half a megabyte), its platform module @actions/exec. Said here,
 * esbuild keeps only what the Action calls.
 */
const actionsCoreWithoutSideEffects = {
  name: 'actions-core-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => (/[\\/]node_modules[\\/]@actions[\\/]core[\\/]lib[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), args.path), sideEffects: false } : undefined));
  },
};

export async function bundle() {
  const result = await build({
    plugins: [precompiledPlugin(root), actionsCoreWithoutSideEffects],
    entryPoints: { index: join(root, 'action', 'index.ts') },
    bundle: true,
    alias: BUNDLE_ALIASES,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    outdir,
    legalComments: 'none',
    // Minified, local names too: a start reads and scans a fifth less text (users see messages, never stacks).
    minify: true,
    logLevel: 'silent',
    // Bundled CommonJS dependencies (undici) call require(); ESM has none, so give them one.
    banner: { js: "import { createRequire as __assureCreateRequire } from 'node:module';\nconst require = __assureCreateRequire(import.meta.url);" },
  });
  // Each file by its name in dist/, in a stable order: the bundle, then the WebAssembly it reads.
  const bundled = result.outputFiles.map((f) => ({ name: f.path.slice(outdir.length + 1), bytes: Buffer.from(f.contents) }));
  return [...bundled, ...hclWasmFiles()].sort((a, b) => a.name.localeCompare(b.name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await bundle();
  if (process.argv.includes('--check')) {
    const stale = files.filter(({ name, bytes }) => {
      try {
        return !readFileSync(join(outdir, name)).equals(bytes);
      } catch {
        return true; // missing counts as stale
      }
    });
    if (stale.length > 0) {
      console.error(`${stale.map((f) => `dist/${f.name}`).join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale: run \`npm run bundle\` and commit dist/`);
      process.exit(1);
    }
    console.log(`${files.map((f) => `dist/${f.name}`).join(', ')} up to date`);
  } else {
    mkdirSync(outdir, { recursive: true });
    for (const { name, bytes } of files) writeFileSync(join(outdir, name), bytes);
    console.log(`wrote ${files.map((f) => `dist/${f.name} (${Math.round(f.bytes.length / 1024)} KiB)`).join(', ')}`);
  }
}
