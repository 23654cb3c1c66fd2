// Bundles the Action (action/index.ts) into dist/index.js, as GitHub's typescript-action template does.
// `node scripts/bundle-action.mjs --check` exits 1 when dist/ is stale (used by the tests).
import { build } from 'esbuild';
import { copyFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'index.js');
const wasmFile = join(dirname(createRequire(import.meta.url).resolve('@cdktf/hcl2json')), '..', 'main.wasm.gz');

export async function bundle() {
  const result = await build({
    entryPoints: [join(root, 'action', 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    outfile,
    legalComments: 'none',
    logLevel: 'silent',
    // A polyfill the HCL parser's Go runtime loads only where Node has no global performance (never on Node 20+).
    external: ['performance'],
    // Bundled CommonJS dependencies (undici) call require(); ESM has none, so give them one.
    // The HCL parser reads its WebAssembly from `${__dirname}/../main.wasm.gz`: that is dist/main.wasm.gz.
    banner: {
      js: [
        "import { createRequire as __assureCreateRequire } from 'node:module';",
        "import { fileURLToPath as __assureFileURLToPath } from 'node:url';",
        'const require = __assureCreateRequire(import.meta.url);',
        "const __dirname = __assureFileURLToPath(new URL('./hcl2json/', import.meta.url));",
      ].join('\n'),
    },
  });
  return result.outputFiles[0].text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await bundle();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(outfile, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      console.error('dist/index.js is stale: run `npm run bundle` and commit dist/');
      process.exit(1);
    }
    console.log('dist/index.js is up to date');
  } else {
    mkdirSync(dirname(outfile), { recursive: true });
    writeFileSync(outfile, text);
    copyFileSync(wasmFile, join(dirname(outfile), 'main.wasm.gz'));
    console.log(`wrote dist/index.js (${Math.round(text.length / 1024)} KiB)`);
  }
}
