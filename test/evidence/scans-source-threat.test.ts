// What a repository shows by what its pipelines leave out, who it belongs to, and its threat model.
import { describe, expect, it } from 'vitest';
import { BUILTIN_COLLECTORS, collectEvidence, type RepositoryFiles } from '../../src/evidence/index.js';
import { evaluate, loadArtefacts, builtinArtefactFiles, fixedClock, parseManifest } from '../../src/index.js';

function memory(files: Record<string, string>): RepositoryFiles {
  return { paths: () => Object.keys(files).sort(), notes: () => [], read: async (paths) => paths.flatMap((path) => (files[path] === undefined ? [] : [{ path, text: files[path]! }])) };
}

const WORKFLOW = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: bundle exec rspec\n';

describe('scans the pipelines do not run', () => {
  it('are observed absent, cited to the workflows folder, when there are workflows', async () => {
    const o = await collectEvidence(memory({ '.github/workflows/ci.yml': WORKFLOW }), BUILTIN_COLLECTORS);
    expect(o.data.ci).toMatchObject({ security: { sast: 'none', dast: 'none', iac_scanning: false, container_scanning: false } });
    expect(o.evidence.get('$.ci.security.dast')).toMatchObject({ file: '.github/workflows/ci.yml', detail: expect.stringContaining('ZAP') });
  });

  it('are not observed at all when there is no pipeline to look in', async () => {
    const o = await collectEvidence(memory({ '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: bundler\n' }), BUILTIN_COLLECTORS);
    expect(o.data.ci).toEqual({ security: { sca: 'dependabot' } });
  });

  it('a scan one workflow runs is not absent', async () => {
    const zap = 'jobs:\n  zap:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: zaproxy/action-baseline@v0.12.0\n';
    const o = await collectEvidence(memory({ '.github/workflows/ci.yml': WORKFLOW, '.github/workflows/zap.yml': zap }), BUILTIN_COLLECTORS);
    expect((o.data.ci as { security: Record<string, unknown> }).security.dast).toBe('zap');
  });

  it('declared CodeQL where no workflow runs a static analyser is a contradiction naming both places', async () => {
    const { manifest } = parseManifest({ path: 'design.yml', text: 'service:\n  name: X\nci:\n  platform: github-actions\n  security:\n    sast: codeql\n' });
    const observed = await collectEvidence(memory({ '.github/workflows/ci.yml': WORKFLOW }), BUILTIN_COLLECTORS);
    const ev = evaluate(manifest!, loadArtefacts(builtinArtefactFiles()).artefacts, { clock: fixedClock('2026-11-22T10:00:00Z'), observed });
    const contradiction = ev.results.find((r) => r.status === 'contradiction' && r.message.includes('ci.security.sast'));
    expect(contradiction?.message).toMatch(/declared as codeql in design\.yml:6.*\.github\/workflows\/ci\.yml/);
  });
});

describe('whose repository it is', () => {
  it('a README badge for its own workflow names the organisation and the repository', async () => {
    const readme = '# Service\n\n[![CI](https://github.com/DFE-Digital/apply-for-qts/actions/workflows/ci.yml/badge.svg)](https://github.com/DFE-Digital/apply-for-qts/actions)\n';
    const o = await collectEvidence(memory({ 'README.md': readme }), BUILTIN_COLLECTORS);
    expect(o.data.source).toMatchObject({ host: 'github', org: 'DFE-Digital', repository: 'apply-for-qts' });
    expect(o.evidence.get('$.source.repository')).toMatchObject({ file: 'README.md', line: 3 });
  });

  it('the teams .github/CODEOWNERS names give the organisation; the git remote outranks them', async () => {
    const owners = '# owners\n*.rb @alice\n* @DFE-Digital/teacher-services\n';
    const only = await collectEvidence(memory({ '.github/CODEOWNERS': owners }), BUILTIN_COLLECTORS);
    expect(only.data.source).toMatchObject({ org: 'DFE-Digital' });
    expect(only.evidence.get('$.source.org')).toMatchObject({ file: '.github/CODEOWNERS', line: 3 });
    expect((only.data.source as Record<string, unknown>).repository).toBeUndefined();

    const remote = '[remote "origin"]\n\turl = git@github.com:dfe-digital-forks/apply.git\n';
    const both = await collectEvidence(memory({ '.github/CODEOWNERS': owners, '.git/config': remote }), BUILTIN_COLLECTORS);
    expect(both.data.source).toMatchObject({ org: 'dfe-digital-forks', repository: 'apply' });
  });

  it('a user (not a team) in CODEOWNERS says nothing of the organisation', async () => {
    const o = await collectEvidence(memory({ '.github/CODEOWNERS': '* @alice @bob\n' }), BUILTIN_COLLECTORS);
    expect((o.data.source as Record<string, unknown> | undefined)?.org).toBeUndefined();
  });
});

describe('a threat model in the repository', () => {
  it('exists, and its latest stated review date is observed', async () => {
    const o = await collectEvidence(
      memory({
        'docs/security/threat-model.md': '# Threat model\n\nLast reviewed: 3rd June 2025\n',
        'docs/Threat_Model_old.md': 'Reviewed on 2023-01-10\n',
        'docs/notes.md': 'reviewed 2026-01-01',
      }),
      BUILTIN_COLLECTORS,
    );
    expect(o.data.security).toEqual({ threat_model: { exists: true, reviewed: '2025-06-03' } });
    expect(o.evidence.get('$.security.threat_model.reviewed')).toMatchObject({ file: 'docs/security/threat-model.md', line: 3 });
  });

  it('a date that is not one is not a review date', async () => {
    const o = await collectEvidence(memory({ 'threat-model.md': 'Reviewed: 2024-02-31\nReviewed: 31 February 2024\n' }), BUILTIN_COLLECTORS);
    expect(o.data.security).toEqual({ threat_model: { exists: true } });
  });
});
