// Run by `npm run build`, after tsc: the CLI bundled (build/assure.js), so a command starts by reading a
// few files instead of resolving and loading a few hundred. What only some commands or some files need
// (the GitHub client, the XML, TOML, YAML and HCL parsers, the other commands) is split into chunks
// (build/chunks/) loaded when first used. bin/assure.js runs the CLI. Terraform's parser finds its
// WebAssembly in its package.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

rmSync(join(root, 'build', 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: { assure: join(root, 'build', 'cli', 'main.js') },
  outdir: join(root, 'build'),
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
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
