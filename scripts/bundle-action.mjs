// Bundles the Action (action/index.ts) into dist/index.js, as GitHub's typescript-action template does.
// `node scripts/bundle-action.mjs --check` exits 1 when dist/ is stale (used by the tests).
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompiledPlugin } from './bundle-precompiled.mjs';
import { BUNDLE_ALIASES, hclWasmFiles, nodeFetchUrl } from './bundle-common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
/** Where the parts loaded only on some paths go (an import() in the source): a check never reads them. */
const CHUNKS = 'chunks';

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
    plugins: [precompiledPlugin(root), actionsCoreWithoutSideEffects, nodeFetchUrl],
    entryPoints: { index: join(root, 'action', 'index.ts') },
    bundle: true,
    alias: BUNDLE_ALIASES,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    chunkNames: `${CHUNKS}/[name]-[hash]`,
    write: false,
    outdir,
    legalComments: 'none',
    // Minified, local names too: a start reads and scans a fifth less text (users see messages, never stacks).
    minify: true,
    logLevel: 'silent',
    // Bundled CommonJS dependencies call require(); ESM has none, so give them one (in every chunk).
    banner: { js: "import { createRequire as __assureCreateRequire } from 'node:module';\nconst require = __assureCreateRequire(import.meta.url);" },
  });
  // Each file by its name in dist/, in a stable order: the bundle, then the WebAssembly it reads.
  const bundled = result.outputFiles.map((f) => ({ name: f.path.slice(outdir.length + 1).split('\\').join('/'), bytes: Buffer.from(f.contents) }));
  return [...bundled, ...hclWasmFiles()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The chunks in dist/ now, by their names in dist/. */
function chunksOnDisk() {
  try {
    return readdirSync(join(outdir, CHUNKS)).map((name) => `${CHUNKS}/${name}`);
  } catch {
    return [];
  }
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
    const made = new Set(files.map((f) => f.name));
    const extra = chunksOnDisk().filter((name) => !made.has(name));
    if (stale.length > 0 || extra.length > 0) {
      const names = [...stale.map((f) => f.name), ...extra].map((name) => `dist/${name}`);
      console.error(`${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} stale: run \`npm run bundle\` and commit dist/`);
      process.exit(1);
    }
    console.log(`${files.map((f) => `dist/${f.name}`).join(', ')} up to date`);
  } else {
    // Chunks are named by their content: the last build's would stay behind.
    rmSync(join(outdir, CHUNKS), { recursive: true, force: true });
    for (const { name, bytes } of files) {
      mkdirSync(dirname(join(outdir, name)), { recursive: true });
      writeFileSync(join(outdir, name), bytes);
    }
    console.log(`wrote ${files.map((f) => `dist/${f.name} (${Math.round(f.bytes.length / 1024)} KiB)`).join(', ')}`);
  }
}
