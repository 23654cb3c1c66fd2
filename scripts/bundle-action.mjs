// Bundles the Action (action/index.ts) into dist/index.js, as GitHub's typescript-action template does.
// `node scripts/bundle-action.mjs --check` exits 1 when dist/ is stale (used by the tests).
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'index.js');

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
    // Bundled CommonJS dependencies (undici) call require(); ESM has none, so give them one.
    banner: { js: "import { createRequire as __assureCreateRequire } from 'node:module';\nconst require = __assureCreateRequire(import.meta.url);" },
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
    console.log(`wrote dist/index.js (${Math.round(text.length / 1024)} KiB)`);
  }
}
