// The CLI's start: bin/assure.js compiles the bundled script with the code cache the build made by
// checking the examples. A cache V8 refuses (made under other flags, or for another script) would
// cost every start the compile it exists to save, with no error to show for it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const bin = join(root, 'bin', 'assure.js');

/** bin/assure.js, made to report whether V8 took the cache beside the script it loads. */
function reportingLoader(dir: string, script: string): string {
  const text = readFileSync(bin, 'utf8')
    .replace("join(__dirname, '..', 'build', 'assure.cjs')", JSON.stringify(script))
    .replace('const cli = {', "process.stderr.write(`cache rejected: ${script.cachedDataRejected}\\n`);\nconst cli = {");
  const loader = join(dir, 'loader.cjs');
  writeFileSync(loader, text);
  return loader;
}

describe('the code cache the build makes for the CLI', () => {
  it('is taken by V8 under the flags bin/assure.js sets, and refused (the check still right) when it does not fit the script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assure-code-cache-'));
    try {
      const check = ['check', 'examples/compliant-service/design.yml', '--format', 'json'];
      const taken = spawnSync(process.execPath, [reportingLoader(dir, join(root, 'build', 'assure.cjs')), ...check], { cwd: root, encoding: 'utf8' });
      expect(taken.stderr).toContain('cache rejected: false');
      expect(taken.status).toBe(0);

      // The same script one byte longer beside the same cache: V8 refuses it and compiles as usual.
      const script = join(root, 'build', 'code-cache-test.cjs');
      writeFileSync(script, `${readFileSync(join(root, 'build', 'assure.cjs'), 'utf8')}\n`);
      copyFileSync(join(root, 'build', 'assure.cjs.cache'), `${script}.cache`);
      try {
        const refused = spawnSync(process.execPath, [reportingLoader(dir, script), ...check], { cwd: root, encoding: 'utf8' });
        expect(refused.stderr).toContain('cache rejected: true');
        expect(refused.status).toBe(0);
        expect(JSON.parse(refused.stdout).summary).toEqual(JSON.parse(taken.stdout).summary);
      } finally {
        rmSync(script, { force: true });
        rmSync(`${script}.cache`, { force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
