// The CLI's start: bin/assure.js compiles the bundled script with the code cache the build made, by
// checking the examples, for the V8 it ran on. A cache V8 refuses (made under other flags, or for
// another script) would cost every start the compile it exists to save, with no error to show for it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const bin = join(root, 'bin', 'assure.js');
const cacheOf = (script: string): string => `${script}.v8-${process.versions.v8}.cache`;

/** bin/assure.js, made to load `script` and report whether V8 took the cache beside it. */
function reportingLoader(dir: string, script: string): string {
  const compile = "script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });";
  const source = readFileSync(bin, 'utf8');
  expect(source).toContain(compile);
  const text = source
    .replace("join(__dirname, '..', 'build', 'assure.cjs')", JSON.stringify(script))
    .replace(compile, `${compile}\n  process.stderr.write(\`cache rejected: \${script.cachedDataRejected}\\n\`);`);
  const loader = join(dir, 'loader.cjs');
  writeFileSync(loader, text);
  return loader;
}

describe('the code cache the build makes for the CLI', () => {
  it('is taken by V8 under the flags bin/assure.js sets, and refused (the check still right) when it does not fit the script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assure-code-cache-'));
    const check = ['check', 'examples/compliant-service/design.yml', '--format', 'json'];
    const env = { ...process.env, ASSURE_CACHE_DIR: join(dir, 'cache') };
    // The same script one byte longer: beside it, the build's cache (refused), then none at all.
    const script = join(root, 'build', 'code-cache-test.cjs');
    try {
      expect(existsSync(cacheOf(join(root, 'build', 'assure.cjs')))).toBe(true);
      const taken = spawnSync(process.execPath, [reportingLoader(dir, join(root, 'build', 'assure.cjs')), ...check], { cwd: root, encoding: 'utf8', env });
      expect(taken.stderr).toContain('cache rejected: false');
      expect(taken.status).toBe(0);

      writeFileSync(script, `${readFileSync(join(root, 'build', 'assure.cjs'), 'utf8')}\n`);
      copyFileSync(cacheOf(join(root, 'build', 'assure.cjs')), cacheOf(script));
      const refused = spawnSync(process.execPath, [reportingLoader(dir, script), ...check], { cwd: root, encoding: 'utf8', env });
      expect(refused.stderr).toContain('cache rejected: true');
      expect(refused.status).toBe(0);
      expect(JSON.parse(refused.stdout).summary).toEqual(JSON.parse(taken.stdout).summary);

      // No cache made by this V8 (another Node): the script runs all the same, and where Node has a
      // compile cache of its own (22 and later) it is kept in the user's cache folder.
      rmSync(cacheOf(script));
      const none = spawnSync(process.execPath, [reportingLoader(dir, script), ...check], { cwd: root, encoding: 'utf8', env });
      expect(none.status).toBe(0);
      expect(JSON.parse(none.stdout).summary).toEqual(JSON.parse(taken.stdout).summary);
      const nodeCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
      expect(existsSync(join(dir, 'cache', 'node'))).toBe(nodeCache);
    } finally {
      rmSync(script, { force: true });
      rmSync(cacheOf(script), { force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
