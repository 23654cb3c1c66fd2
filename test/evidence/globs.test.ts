// A collector's globs select the same paths through the expressions the build ships as through
// picomatch itself, which the shipped expressions stand in for at start-up.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { BUILTIN_COLLECTORS } from '../../src/evidence/index.js';
import { GLOBS_FILE, globKey, globMatcher, globRegExp, type ShippedGlobs } from '../../src/evidence/globs.js';
import { packageFile } from '../../src/package-root.js';
import { PRECOMPILED_DIR } from '../../src/schema/precompiled-files.js';

function listed(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out;
}

const fixtures = packageFile('test/fixtures/repos');
const paths = [
  ...readdirSync(fixtures).flatMap((repo) => listed(join(fixtures, repo))),
  ...listed(packageFile('examples')),
  // Dot files and folders, case, depth, and names that only nearly match.
  '.github/workflows/CI.YML', '.GITHUB/workflows/ci.yml', 'a/.github/workflows/x.yaml', '.nvmrc', 'sub/.nvmrc', 'Dockerfile.prod', 'docker/Dockerfile',
  'LICENSE', 'licence.txt', 'Copying', 'deep/a/b/c/d/main.tf', 'main.tf.bak', 'package.json', 'node/package-lock.json', 'x/pom.xml', 'README', 'readme.md', 'docs/adr/0001-x.md',
];

describe('collector globs', () => {
  it('select the same paths as picomatch, for every built-in collector', () => {
    let selected = 0;
    for (const collector of BUILTIN_COLLECTORS) {
      const nocase = collector.nocase ?? false;
      const ours = globMatcher(collector.files, nocase);
      const theirs = picomatch([...collector.files], { dot: true, nocase });
      for (const path of paths) {
        expect(ours(path), `${collector.name} ${path}`).toBe(theirs(path));
        if (ours(path)) selected++;
      }
    }
    // The corpus reaches the collectors: most of it is selected by one or another.
    expect(selected).toBeGreaterThan(50);
  });

  it('ship picomatch\'s own expression for each built-in glob', () => {
    const shipped = JSON.parse(readFileSync(packageFile(`${PRECOMPILED_DIR}/${GLOBS_FILE}`), 'utf8')) as ShippedGlobs;
    const globs = BUILTIN_COLLECTORS.flatMap((c) => c.files.map((glob) => ({ glob, nocase: c.nocase ?? false })));
    expect(Object.keys(shipped).length).toBe(new Set(globs.map((g) => globKey(g.glob, g.nocase))).size);
    for (const { glob, nocase } of globs) {
      const made = globRegExp(glob, nocase);
      expect(shipped[globKey(glob, nocase)], glob).toEqual([made.source, made.flags]);
    }
  });

  it('make any other glob with picomatch', () => {
    const matches = globMatcher(['**/*.custom', 'exact/Name.txt'], false);
    expect(['a/b.custom', '.hidden/c.custom', 'exact/Name.txt', 'exact/name.txt', '', 'a/b.customer'].map(matches)).toEqual([true, true, true, false, false, false]);
  });
});
