// Bundles the Action (action/index.ts) into dist/index.js, as GitHub's typescript-action template does.
// `node scripts/bundle-action.mjs --check` exits 1 when dist/ is stale (used by the tests).
import { build } from 'esbuild';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
const wasmFile = join(dirname(createRequire(import.meta.url).resolve('@cdktf/hcl2json')), '..', 'main.wasm.gz');

/**
 * An Action ships neither build/ nor node_modules: what the build precompiled (build/precompiled) goes
 * into the bundle, in place of src/schema/precompiled-files.ts, which would read it from disk. The
 * generated modules are bundled with what they require (ajv's runtime, formats, re2js).
 */
const precompiled = {
  name: 'assure-precompiled',
  setup(b) {
    b.onResolve({ filter: /(^|[\\/])precompiled-files\.js$/ }, () => ({ path: 'precompiled-files', namespace: 'assure-precompiled' }));
    b.onLoad({ filter: /.*/, namespace: 'assure-precompiled' }, () => {
      const dir = join(root, 'build', 'precompiled');
      if (!existsSync(dir)) throw new Error('build/precompiled is missing: run `npm run build` before bundling');
      const files = readdirSync(dir).sort();
      const modules = files.filter((f) => f.endsWith('.cjs'));
      const texts = files.filter((f) => f.endsWith('.json'));
      const contents = [
        ...modules.map((f, i) => `import m${i} from ${JSON.stringify(`./${f}`)};`),
        `const modules = { ${modules.map((f, i) => `${JSON.stringify(f)}: m${i}`).join(', ')} };`,
        `const texts = { ${texts.map((f) => `${JSON.stringify(f)}: ${JSON.stringify(readFileSync(join(dir, f), 'utf8'))}`).join(', ')} };`,
        "export const PRECOMPILED_DIR = 'build/precompiled';",
        'export function precompiledModule(file) { return modules[file]; }',
        'export function precompiledJson(file) { const text = texts[file]; return text === undefined ? undefined : JSON.parse(text); }',
      ].join('\n');
      return { contents, resolveDir: dir, loader: 'js' };
    });
  },
};

export async function bundle() {
  const result = await build({
    plugins: [precompiled],
    // The Action, and the worker thread that runs the HCL parser beside it (src/evidence/hcl.ts).
    entryPoints: { index: join(root, 'action', 'index.ts'), 'hcl-worker': join(root, 'src', 'evidence', 'hcl-worker.ts') },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    outdir,
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
  // Each file by its name in dist/, in a stable order.
  return result.outputFiles.map((f) => ({ name: f.path.slice(outdir.length + 1), text: f.text })).sort((a, b) => a.name.localeCompare(b.name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = await bundle();
  if (process.argv.includes('--check')) {
    const stale = files.filter(({ name, text }) => {
      try {
        return readFileSync(join(outdir, name), 'utf8') !== text;
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
    for (const { name, text } of files) writeFileSync(join(outdir, name), text);
    copyFileSync(wasmFile, join(outdir, 'main.wasm.gz'));
    console.log(`wrote ${files.map((f) => `dist/${f.name} (${Math.round(f.text.length / 1024)} KiB)`).join(', ')}`);
  }
}
