import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { BUILTIN_COLLECTORS, collectEvidence, collectFromDirectory, diskRepositoryFiles, evidenceHints, platformFacts, type Collector, type RepositoryFiles } from '../../src/evidence/index.js';

const roots: string[] = [];
function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'assure-evidence-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

describe('a working tree on disk', () => {
  it('skips dependency folders, links and binaries, and notes them', async () => {
    const root = tree({ '.ruby-version': '3.3.0\n', 'node_modules/x/package.json': '{}', '.git/config': '[core]', '.git/HEAD': 'ref: refs/heads/main', 'vendor/modules/a.tf': '', 'image.png': Buffer.from([0x89, 0x50, 0x00, 0x01]), 'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]) });
    symlinkSync('/etc/passwd', join(root, 'LICENCE'));
    symlinkSync(root, join(root, 'loop'));
    const files = diskRepositoryFiles(root);
    // Of .git, only the root's config is listed: its remote says where the code lives.
    expect(files.paths()).toEqual(['.git/config', '.ruby-version', 'image.png', 'latin1.txt']);
    const read = await files.read(files.paths());
    expect(read.map((f) => f.path)).toEqual(['.git/config', '.ruby-version']);
    expect(files.notes()).toContainEqual(expect.objectContaining({ kind: 'skipped', message: '2 symbolic links not followed' }));
    expect(files.notes()).toContainEqual(expect.objectContaining({ kind: 'skipped', message: '2 binary or non-UTF-8 files not read' }));
    // The link named LICENCE is not a licence file: the repository has none.
    expect((await collectFromDirectory(root)).data.source).toEqual({ licence: 'none' });
  });

  it('caps the tree, the depth and file size, and says so', async () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`docs/f${i}.md`, 'x']));
    const deep = { ['a/'.repeat(10) + 'Dockerfile']: 'FROM ruby:3.3\n' };
    const root = tree({ ...many, ...deep, '.nvmrc': '20\n'.repeat(200) });
    const files = diskRepositoryFiles(root, { maxEntries: 20, maxDepth: 5, maxFileBytes: 100 });
    expect(files.paths().length).toBeLessThanOrEqual(20);
    expect(files.notes()).toContainEqual(expect.objectContaining({ kind: 'cap', message: expect.stringMatching(/more than 20 entries/) }));
    const small = diskRepositoryFiles(root, { maxDepth: 5, maxFileBytes: 100 });
    expect(small.paths()).not.toContain('a/'.repeat(10) + 'Dockerfile');
    expect(small.notes()).toContainEqual(expect.objectContaining({ kind: 'cap', message: 'folders deeper than 5 levels were not looked at' }));
    expect(await small.read(['.nvmrc'])).toEqual([]);
    expect(small.notes()).toContainEqual(expect.objectContaining({ kind: 'cap', file: '.nvmrc' }));
  });

  it('reads a file of the cap exactly, whole, and an empty file as empty', async () => {
    const root = tree({ 'at-cap.md': 'y'.repeat(100), 'over.md': 'z'.repeat(101), 'empty.md': '' });
    const files = diskRepositoryFiles(root, { maxFileBytes: 100 });
    expect(await files.read(['at-cap.md', 'empty.md', 'over.md'])).toEqual([
      { path: 'at-cap.md', text: 'y'.repeat(100) },
      { path: 'empty.md', text: '' },
    ]);
    expect(files.notes()).toContainEqual(expect.objectContaining({ kind: 'cap', file: 'over.md' }));
  });

  it('never reads a path it did not list', async () => {
    const root = tree({ 'a.txt': 'a' });
    const files = diskRepositoryFiles(join(root));
    expect(await files.read(['../../etc/passwd', 'a.txt'])).toEqual([{ path: 'a.txt', text: 'a' }]);
  });
});

describe('the collector runner', () => {
  function memory(files: Record<string, string>): RepositoryFiles & { reads: string[][] } {
    const reads: string[][] = [];
    return {
      reads,
      paths: () => Object.keys(files).sort(),
      notes: () => [],
      read: async (paths) => {
        reads.push([...paths]);
        return paths.filter((p) => p in files).map((path) => ({ path, text: files[path]! }));
      },
    };
  }

  it('reads every selected file in one call', async () => {
    const files = memory({ '.ruby-version': '3.3.1', 'Gemfile.lock': 'GEM\n  specs:\n    rails (7.2.0)\n', 'LICENCE': 'MIT License\nPermission is hereby granted, free of charge', 'README.md': '# x' });
    await collectEvidence(files, BUILTIN_COLLECTORS);
    expect(files.reads).toEqual([['.ruby-version', 'Gemfile.lock', 'LICENCE', 'README.md']]);
  });

  it('turns a malformed file into an unreadable note with file and line, and carries on', async () => {
    const files = memory({
      'package.json': '{\n  "name": "x",\n  "dependencies": {\n',
      '.github/workflows/ci.yml': 'jobs:\n  a:\n    steps: [\n',
      'terraform/main.tf': 'resource "azurerm_key_vault" "x" {\n  name = \n',
      'src/App.csproj': '<Project>\n<PropertyGroup>\n<TargetFramework>net8.0</Target>\n</Project>',
      'pyproject.toml': '[project]\nname = \n',
      '.ruby-version': '3.3.1\n',
    });
    const o = await collectEvidence(files, BUILTIN_COLLECTORS);
    const unreadable = o.notes.filter((n) => n.kind === 'unreadable');
    for (const file of ['package.json', '.github/workflows/ci.yml', 'terraform/main.tf', 'src/App.csproj', 'pyproject.toml']) {
      const note = unreadable.find((n) => n.file === file);
      expect(note, file).toBeDefined();
      expect(note!.line, file).toBeGreaterThan(0);
    }
    expect(unreadable.filter((n) => n.file === 'package.json')).toHaveLength(1);
    expect(o.data.languages).toEqual([{ name: 'ruby', version: '3.3.1' }]);
  });

  it('reads a workflow that writes a key twice by its last value, as its own tools do, and an empty one as nothing', async () => {
    const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    runs-on: ubuntu-22.04\n    steps:\n      - uses: aquasecurity/trivy-action@0.28.0\n        with:\n          scan-type: image\n          exit-code: 1\n';
    const o = await collectEvidence(memory({ '.github/workflows/ci.yml': workflow, '.github/workflows/empty.yml': '\n' }), BUILTIN_COLLECTORS);
    expect(o.notes.filter((n) => n.kind === 'unreadable')).toEqual([]);
    expect(o.data.ci).toMatchObject({ platform: 'github-actions', security: { container_scanning: true } });
    // Cited to the step that runs the scanner, on the line it is written.
    expect(o.evidence.get('$.ci.security.container_scanning')).toMatchObject({ file: '.github/workflows/ci.yml', line: 7 });
  });

  it('shows nothing absent that a file it could not read, or did not reach, may hold', async () => {
    const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
    const terraform = 'module "a" {\n  source = "git::https://github.com/x/y.git?ref=v1.2.0"\n}\n';
    const read = await collectEvidence(memory({ '.github/workflows/a.yml': workflow, '.github/workflows/b.yml': workflow, 'infra/a.tf': terraform, 'infra/b.tf': terraform }), BUILTIN_COLLECTORS);
    expect(read.data.ci).toMatchObject({ security: { container_scanning: false, dast: 'none' } });
    expect(read.data.infrastructure).toMatchObject({ pinned_versions: true, unpinned_modules: [] });

    const broken = await collectEvidence(memory({ '.github/workflows/a.yml': workflow, '.github/workflows/b.yml': 'jobs: [\n', 'infra/a.tf': terraform, 'infra/b.tf': 'module "b" {\n' }), BUILTIN_COLLECTORS);
    expect(broken.notes.filter((n) => n.kind === 'unreadable').map((n) => n.file)).toEqual(['.github/workflows/b.yml', 'infra/b.tf']);
    expect((broken.data.ci as { security?: unknown }).security).toBeUndefined();
    expect(broken.data.infrastructure).not.toHaveProperty('pinned_versions');
    expect(broken.data.infrastructure).not.toHaveProperty('unpinned_modules');

    const over = await collectEvidence(memory({ '.github/workflows/a.yml': workflow, '.github/workflows/b.yml': workflow }), BUILTIN_COLLECTORS, { maxFilesPerCollector: 1 });
    expect((over.data.ci as { security?: unknown }).security).toBeUndefined();
  });

  it('stops a collector that runs past its time budget, notes it, and concludes no absence', async () => {
    const reached: string[] = [];
    const slow: Collector = {
      name: 'slow',
      files: ['*.txt'],
      hints: {},
      collect: (file) => {
        reached.push(file.path);
        const until = performance.now() + 5;
        while (performance.now() < until) {
          // a file that takes a while to parse
        }
        return [{ path: ['ci', 'platform'], value: 'jenkins', evidence: { file: file.path, line: 1, collector: 'slow' } }];
      },
      conclude: (facts, _selected, complete) => (complete ? [...facts, { path: ['ci', 'security', 'dast'], value: 'none', evidence: { file: '.', collector: 'slow' } }] : facts),
    };
    const o = await collectEvidence(memory({ 'a.txt': '1', 'b.txt': '2', 'c.txt': '3' }), [slow], { collectorBudgetMs: 1 });
    expect(reached).toEqual(['a.txt']);
    expect(o.notes).toContainEqual({ kind: 'cap', message: 'slow: stopped after 0.001 s; 2 of its 3 files were not read' });
    expect(o.data.ci).toEqual({ platform: 'jenkins' });
    const all = await collectEvidence(memory({ 'a.txt': '1', 'b.txt': '2', 'c.txt': '3' }), [slow]);
    expect(all.data.ci).toEqual({ platform: 'jenkins', security: { dast: 'none' } });
  });

  it('caps the files one collector reads', async () => {
    const workflows = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`.github/workflows/w${i}.yml`, 'on: push\n']));
    const o = await collectEvidence(memory(workflows), BUILTIN_COLLECTORS, { maxFilesPerCollector: 3 });
    expect(o.notes).toContainEqual(expect.objectContaining({ kind: 'cap', message: 'ci: 5 files matched; only the first 3 were read' }));
  });

  it('keeps every value seen for a single-valued field, the first in the data', async () => {
    const collector: Collector = {
      name: 'two',
      files: ['*.txt'],
      hints: {},
      collect: (file) => [{ path: ['ci', 'security', 'sast'], value: file.text, evidence: { file: file.path, line: 1, collector: 'two' } }],
    };
    const o = await collectEvidence(memory({ 'a.txt': 'codeql', 'b.txt': 'semgrep' }), [collector]);
    expect(o.data).toEqual({ ci: { security: { sast: 'codeql' } } });
    expect(o.evidence.get('$.ci.security.sast')).toEqual({ file: 'a.txt', line: 1, collector: 'two', values: ['codeql', 'semgrep'] });
  });

  it('a hostile file that makes a collector throw never stops the others', async () => {
    const broken: Collector = { name: 'broken', files: ['**'], hints: {}, collect: () => { throw new TypeError('boom'); } };
    const o = await collectEvidence(memory({ '.ruby-version': '3.3.1' }), [broken, ...BUILTIN_COLLECTORS]);
    expect(o.notes).toContainEqual(expect.objectContaining({ kind: 'unreadable', file: '.ruby-version', message: expect.stringMatching(/broken.*boom/) }));
    expect(o.data.languages).toEqual([{ name: 'ruby', version: '3.3.1' }]);
  });
});

describe('hints and platform settings', () => {
  it('names the file that would show a fact, for list items and nested fields too', () => {
    const hint = evidenceHints(BUILTIN_COLLECTORS);
    expect(hint('$.source.licence')).toMatch(/LICENCE/);
    expect(hint('$.languages[0].version')).toMatch(/\.ruby-version/);
    expect(hint('$.repository.branch_protection.required_approvals')).toMatch(/GitHub/);
    expect(hint('$.security.threat_model.exists')).toMatch(/threat model document/);
    expect(hint('$.monitoring.siem')).toBeUndefined();
  });

  it('maps repository settings to facts cited to the platform', async () => {
    const facts = platformFacts({ host: 'github', owner: 'DFE-Digital', repository: 'x', visibility: 'public', topics: ['a', 'b'], defaultBranch: { name: 'main', rules: { required_approvals: 1, code_owner_review: true } } });
    const o = await collectEvidence({ paths: () => [], read: async () => [], notes: () => [] }, [], { platform: { host: 'github', owner: 'DFE-Digital', visibility: 'internal', topics: ['a'], defaultBranch: { name: 'main', rules: { required_checks: true } } } });
    expect(facts.map((f) => f.path.join('.'))).toEqual(['source.host', 'source.org', 'source.repository', 'source.visibility', 'repository.topics', 'repository.topics', 'repository.branch_protection.required_approvals', 'repository.branch_protection.code_owner_review']);
    expect(o.data).toEqual({ source: { host: 'github', org: 'DFE-Digital', visibility: 'internal' }, repository: { topics: ['a'], branch_protection: { required_checks: true } } });
    expect(o.evidence.get('$.source.visibility')).toMatchObject({ file: 'github:settings', collector: 'platform' });
    expect(o.notes.some((n) => n.kind === 'unavailable')).toBe(false);
  });
});
