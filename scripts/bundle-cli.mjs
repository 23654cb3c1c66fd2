// Run by `npm run build`, after tsc: the CLI as one file (build/assure.js), so a command starts by
// reading one module instead of resolving and loading a few hundred, and beside it the HCL parser's
// WebAssembly, which src/evidence/hcl.ts looks for there. bin/assure.js runs the CLI.
import { build } from 'esbuild';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WASM_FILES } from './bundle-action.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: { assure: join(root, 'build', 'cli', 'main.js') },
  outdir: join(root, 'build'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  // Whitespace and comments out, names kept: a start reads and scans a third less text.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); ESM has none, so give them one.
  banner: { js: "import { createRequire as __assureCreateRequire } from 'node:module';\nconst require = __assureCreateRequire(import.meta.url);" },
});
for (const [name, path] of Object.entries(WASM_FILES)) copyFileSync(path, join(root, 'build', name));
