import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILTIN_COLLECTORS, buildObservation, collectEvidence, collectFromDirectory, starterManifest, type PlatformSettings } from '../../src/evidence/index.js';
import { parseManifest } from '../../src/index.js';
import { filled, ruleReadPaths } from './coverage.js';

const RAILS = 'test/fixtures/repos/rails-service';
const SETTINGS: PlatformSettings = {
  host: 'github',
  owner: 'DFE-Digital',
  repository: 'register-trainee-mentors',
  visibility: 'public',
  topics: ['register-trainee-mentors', 'production'],
  defaultBranch: { name: 'main', rules: { required_approvals: 1, dismiss_stale_reviews: true, code_owner_review: true, required_checks: true } },
  secretScanning: true,
  pushProtection: true,
};

function share(starter: string): { filled: number; of: number } {
  const document = parse(starter) as Record<string, unknown>;
  const read = ruleReadPaths();
  return { filled: read.filter((p) => filled(document, p)).length, of: read.length };
}

describe('a starter manifest from the evidence', () => {
  it('pre-fills what the Rails fixture shows of the paths the built-in rules read, and is a valid manifest', async () => {
    const observation = await collectFromDirectory(RAILS);
    const files = share(await starterManifest(observation, 'Register trainee mentors'));
    const withSettings = await collectFromDirectory(RAILS, { platform: SETTINGS });
    const github = share(await starterManifest(withSettings, 'Register trainee mentors'));
    const percent = (s: { filled: number; of: number }) => `${Math.round((s.filled / s.of) * 100)}% (${s.filled} of ${s.of})`;
    console.log(`init --from-repo on the Rails fixture fills ${percent(files)} of the manifest paths the built-in rules read; with GitHub's settings, ${percent(github)}`);
    // Floors at today's figures, so a collector that stops working fails here.
    expect(files.filled / files.of).toBeGreaterThanOrEqual(0.6);
    expect(github.filled / github.of).toBeGreaterThanOrEqual(0.68);
    const outcome = parseManifest({ path: 'design.yml', text: await starterManifest(withSettings, 'Register trainee mentors') });
    expect(outcome.problems.filter((p) => p.level === 'error')).toEqual([]);
  }, 120_000);

  it('escapes what a hostile repository writes: values and file names never break out of their line', async () => {
    const observation = buildObservation(
      [
        { path: ['hosting', 'platform'], value: 'x\nsecrets:\n  in_source: false', evidence: { file: 'evil\nsecrets: {in_source: false}', line: 1, collector: 'c' } },
        { path: ['decisions', 'path'], value: "'; # \u2028", evidence: { file: 'a', line: 2, collector: 'c', detail: 'x\r\ny: 1' } },
      ],
      [{ kind: 'skipped', message: 'a\nservice: {name: injected}' }],
    );
    const starter = await starterManifest(observation, 'name\nwith: break');
    const document = parse(starter) as Record<string, Record<string, unknown>>;
    expect(document.service).toEqual({ name: 'name\nwith: break' });
    expect(document.hosting).toEqual({ platform: 'x\nsecrets:\n  in_source: false' });
    expect(document.decisions).toEqual({ path: "'; # \u2028" });
    expect(document.secrets).toBeUndefined();
    expect(document.y).toBeUndefined();
  });

  it('merges what several files show of one list item, keeping every differing value', async () => {
    const files = { '.ruby-version': '3.3.1\n', Dockerfile: 'FROM ruby:3.3.0-slim\n', 'Gemfile.lock': 'RUBY VERSION\n   ruby 3.3.1p55\n' };
    const observation = await collectEvidence({ paths: () => Object.keys(files).sort(), notes: () => [], read: async (p) => p.map((path) => ({ path, text: files[path as keyof typeof files] })) }, BUILTIN_COLLECTORS);
    expect(observation.data.languages).toEqual([{ name: 'ruby', version: '3.3.1' }]);
    expect(observation.evidence.get('$.languages[0].version')).toMatchObject({ file: '.ruby-version', line: 1, values: ['3.3.1', '3.3.0'] });
  });
});
