import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_COLLECTORS, collectEvidence, collectFromDirectory, type Observation } from '../../src/evidence/index.js';
import { remoteLocation } from '../../src/evidence/collectors/source.js';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function inMemory(files: Record<string, string>): Promise<Observation> {
  return collectEvidence({ paths: () => Object.keys(files).sort(), notes: () => [], read: async (p) => p.map((path) => ({ path, text: files[path]! })) }, BUILTIN_COLLECTORS);
}

const GIT_CONFIG = `[core]
\trepositoryformatversion = 0
\tbare = false
[remote "upstream"]
\turl = https://github.com/someone-else/fork.git
[remote "origin"]
\turl = git@github.com:DFE-Digital/register-trainee-mentors.git
\tfetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
\tremote = origin
`;

describe('where the code lives', () => {
  it("reads the origin remote of a clone's .git/config, with its line", async () => {
    const root = mkdtempSync(join(tmpdir(), 'assure-source-'));
    roots.push(root);
    mkdirSync(join(root, '.git', 'objects'), { recursive: true });
    writeFileSync(join(root, '.git', 'config'), GIT_CONFIG);
    writeFileSync(join(root, '.git', 'objects', 'secret'), '[remote "origin"]\nurl = https://github.com/not/this\n');
    const o = await collectFromDirectory(root);
    expect(o.data.source).toMatchObject({ host: 'github', org: 'DFE-Digital', repository: 'register-trainee-mentors' });
    expect(o.evidence.get('$.source.org')).toMatchObject({ file: '.git/config', line: 7, collector: 'source' });
  });

  it('never follows a .git/config that is a link', async () => {
    const root = mkdtempSync(join(tmpdir(), 'assure-source-'));
    roots.push(root);
    const elsewhere = mkdtempSync(join(tmpdir(), 'assure-source-target-'));
    roots.push(elsewhere);
    writeFileSync(join(elsewhere, 'config'), GIT_CONFIG);
    mkdirSync(join(root, '.git'));
    symlinkSync(join(elsewhere, 'config'), join(root, '.git', 'config'));
    const o = await collectFromDirectory(root);
    expect((o.data.source as Record<string, unknown> | undefined)?.org).toBeUndefined();
  });

  it("reads package.json's repository in each of npm's forms", async () => {
    for (const repository of ['"DFE-Digital/find-a-lost-trn"', '"github:DFE-Digital/find-a-lost-trn"', '{ "type": "git", "url": "git+https://github.com/DFE-Digital/find-a-lost-trn.git" }']) {
      const o = await inMemory({ 'package.json': `{\n  "name": "x",\n  "repository": ${repository}\n}\n` });
      expect(o.data.source, repository).toMatchObject({ host: 'github', org: 'DFE-Digital', repository: 'find-a-lost-trn' });
      expect(o.evidence.get('$.source.repository')).toMatchObject({ file: 'package.json', line: 3 });
    }
  });

  it('names hosts and repositories from each URL form, and nothing from a URL it cannot place', () => {
    expect(remoteLocation('https://github.com/DFE-Digital/apply-for-teacher-training.git')).toEqual({ host: 'github', org: 'DFE-Digital', repository: 'apply-for-teacher-training' });
    expect(remoteLocation('ssh://git@github.com/DFE-Digital/npq-registration')).toEqual({ host: 'github', org: 'DFE-Digital', repository: 'npq-registration' });
    expect(remoteLocation('https://dev.azure.com/dfe-ssp/S123-Project/_git/service-api')).toEqual({ host: 'azure-devops', org: 'dfe-ssp', repository: 'service-api' });
    expect(remoteLocation('git@ssh.dev.azure.com:v3/dfe-ssp/S123-Project/service-api')).toEqual({ host: 'azure-devops', org: 'dfe-ssp', repository: 'service-api' });
    expect(remoteLocation('https://example.org/a/b.git')).toBeUndefined();
    expect(remoteLocation('https://github.com/DFE-Digital')).toBeUndefined();
    expect(remoteLocation('not a url')).toBeUndefined();
  });

  it('keeps credentials out of every fact, and notes a package.json it cannot parse as unreadable', async () => {
    const o = await inMemory({
      '.git/config': '[remote "origin"]\n  url = https://x-access-token:ghs_SECRET123@github.com/DFE-Digital/private-thing.git\n[remote "broken\nurl = \u0000' + 'a'.repeat(100_000),
      'package.json': '{ "repository": ',
    });
    expect(o.data.source).toMatchObject({ org: 'DFE-Digital', repository: 'private-thing' });
    expect(JSON.stringify([...o.evidence.values()])).not.toMatch(/SECRET/);
    expect(JSON.stringify(o.data)).not.toMatch(/SECRET/);
    expect(o.notes).toContainEqual(expect.objectContaining({ kind: 'unreadable', file: 'package.json' }));
  });
});
