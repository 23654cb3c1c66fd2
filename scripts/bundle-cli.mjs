// Run by `npm run build`, after tsc: the CLI as one file (build/assure.js), so a command starts by
// reading one module instead of resolving and loading a few hundred. bin/assure.js runs it.
// The HCL parser stays a package of its own: it is loaded only when a repository has Terraform files.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'build', 'cli', 'main.js')],
  outfile: join(root, 'build', 'assure.js'),
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
