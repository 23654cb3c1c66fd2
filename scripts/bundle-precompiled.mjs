// What the build precompiled (build/precompiled), put inside a bundle in place of
// src/schema/precompiled-files.ts, which would read it from disk: the Action ships no build/, and the
// CLI's code cache then covers the generated validators too. The generated modules are bundled with
// what they require (ajv's runtime, formats, re2js).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function precompiledPlugin(root) {
  return {
    name: 'assure-precompiled',
    setup(b) {
      b.onResolve({ filter: /(^|[\\/])precompiled-files\.js$/ }, () => ({ path: 'precompiled-files', namespace: 'assure-precompiled' }));
      b.onLoad({ filter: /.*/, namespace: 'assure-precompiled' }, () => {
        const dir = join(root, 'build', 'precompiled');
        if (!existsSync(dir)) throw new Error('build/precompiled is missing: run `npm run build` before bundling');
        const files = readdirSync(dir).sort();
        const modules = files.filter((f) => f.endsWith('.cjs'));
        const texts = files.filter((f) => f.endsWith('.json'));
        // Each module runs the first time it is asked for (a require() esbuild resolves into the
        // bundle), not when the bundle starts: most commands use one or two of them.
        const contents = [
          `const modules = { ${modules.map((f) => `${JSON.stringify(f)}: () => require(${JSON.stringify(`./${f}`)})`).join(', ')} };`,
          `const texts = { ${texts.map((f) => `${JSON.stringify(f)}: ${JSON.stringify(readFileSync(join(dir, f), 'utf8'))}`).join(', ')} };`,
          "export const PRECOMPILED_DIR = 'build/precompiled';",
          'export function precompiledModule(file) { const load = modules[file]; return load === undefined ? undefined : load(); }',
          'export function precompiledJson(file) { const text = texts[file]; return text === undefined ? undefined : JSON.parse(text); }',
        ].join('\n');
        return { contents, resolveDir: dir, loader: 'js' };
      });
    },
  };
}
