// Run by `npm run build`, after tsc: the CLI as one file (build/assure.js), so a command starts by
// reading one module instead of resolving and loading a few hundred, and beside it the worker thread
// that runs the HCL parser (build/hcl-worker.js, see src/evidence/hcl.ts). bin/assure.js runs the CLI.
// The HCL parser stays a package of its own, loaded only when a repository has Terraform files.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: { assure: join(root, 'build', 'cli', 'main.js'), 'hcl-worker': join(root, 'build', 'src', 'evidence', 'hcl-worker.js') },
  outdir: join(root, 'build'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['@cdktf/hcl2json'],
  // Bundled CommonJS dependencies call require(); ESM has none, so give them one.
  banner: { js: "import { createRequire as __assureCreateRequire } from 'node:module';\nconst require = __assureCreateRequire(import.meta.url);" },
});
