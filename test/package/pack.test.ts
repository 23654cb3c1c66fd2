// The npm package as a user gets it: `npm pack`, installed into an empty folder without the network
// (the dependencies come from the npm cache that `npm ci` filled), then `npx assure-design init` and
// `npx assure-design check`. Also: what the package publishes points at addresses that resolve.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string>; files: string[]; dependencies: Record<string, string>; engines: Record<string, string>; license: string };
const NAME = 'assure-design';
const raw = (file: string) => `https://raw.githubusercontent.com/DFE-Digital/assure/v${pkg.version}/schema/${file}`;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

describe('what the package publishes', () => {
  it('is called assure-design, with its command under that name and as assure, under the MIT licence', () => {
    expect(pkg.name).toBe(NAME);
    expect(pkg.bin).toEqual({ [NAME]: 'bin/assure.js', assure: 'bin/assure.js' });
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^The MIT License \(MIT\)\n\nCopyright \(c\) \d{4} Crown Copyright \(Department for Education\)/);
  });

  it("gives each schema an $id at this version's release tag, and the starter the same address", () => {
    for (const file of readdirSync(join(root, 'schema'))) {
      expect((JSON.parse(readFileSync(join(root, 'schema', file), 'utf8')) as { $id: string }).$id, file).toBe(raw(file));
    }
    expect(readFileSync(join(root, 'templates/design.yml'), 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=${raw('design-manifest.schema.json')}`);
  });
});

describe('npm pack, installed offline, run with npx', () => {
  let dir: string;
  let project: string;

  beforeAll(() => {
    if (!existsSync(join(root, 'build/assure.cjs'))) throw new Error('build/ is missing: run `npm run build` first (npm test does)');
    dir = mkdtempSync(join(tmpdir(), 'assure-pack-'));
    // --ignore-scripts: build/ is already made; the tarball must carry it, as it does for users.
    const tarball = execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
    project = join(dir, 'project');
    offlineProject(project, join(dir, tarball));
    const install = spawnSync(npm, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: project, encoding: 'utf8', timeout: 240_000 });
    if (install.status !== 0) {
      throw new Error(`npm ci --offline failed (are the dependencies in the npm cache? \`npm ci\` in the repository puts them there):\n${install.stderr}`);
    }
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(npx, ['--offline', '--no-install', NAME, ...args], { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });

  it('init writes a starter that points editors at the installed schema, and check evaluates it', () => {
    const init = run('init');
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const starter = readFileSync(join(project, 'design.yml'), 'utf8');
    const schemaPath = './node_modules/assure-design/schema/design-manifest.schema.json';
    expect(starter.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaPath}`);
    expect(JSON.parse(readFileSync(join(project, schemaPath), 'utf8')).title).toBe('assure design manifest');

    const check = run('check', '--at', '2026-12-01', '--fail-on', 'never');
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^assure: design\.yml as of 2026-12-01$/m);
    expect(check.stdout).toMatch(/\d+ pass, .*: (compliant|not compliant)\n$/);
  }, 120_000);

  it('prints the configuration schema', () => {
    const schema = run('schema', 'config');
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout).$id).toBe(raw('config.schema.json'));
  }, 60_000);
});

/**
 * A project depending on the tarball, with a lockfile built from the repository's: every dependency
 * pinned to the version and integrity the repository installs, so npm takes each from its cache.
 */
function offlineProject(project: string, tarball: string): void {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; link?: boolean; resolved?: string; version?: string }> };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'project', dependencies: { [NAME]: spec } },
    [`node_modules/${NAME}`]: { version: pkg.version, resolved: spec, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.link) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[path] = { ...entry, resolved: entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
  }
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'project', private: true, dependencies: { [NAME]: spec } }, null, 2)}\n`);
  writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify({ name: 'project', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}
