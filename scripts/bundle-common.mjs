// What the CLI's bundle and the Action's take alike.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * The HCL parser's WebAssembly, each file by the name src/evidence/hcl.ts looks for beside the bundle
 * that runs it (before asking Node to resolve it from its package, which costs a start milliseconds).
 */
export function hclWasmFiles() {
  return [
    { name: 'tree-sitter-terraform.wasm', bytes: readFileSync(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm')) },
    { name: 'web-tree-sitter.wasm', bytes: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')) },
  ];
}

const shims = join(dirname(fileURLToPath(import.meta.url)), 'shims');

/** Packages replaced in the bundles (esbuild's `alias`), each shim saying why. */
export const BUNDLE_ALIASES = { 'whatwg-url': join(shims, 'whatwg-url.mjs') };

/** node-fetch's `url` replaced in the bundles, for node-fetch alone (the shim says why). */
export const nodeFetchUrl = {
  name: 'node-fetch-url',
  setup(b) {
    b.onResolve({ filter: /^url$/ }, (args) => (/[\\/]node_modules[\\/]node-fetch[\\/]/.test(args.importer) ? { path: join(shims, 'node-fetch-url.mjs') } : undefined));
  },
};
