// .github/assure.yml: defaults, validation with the key and line, org defaults and _extends, and the cache.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../github/config/errors.js';
import { CONFIG_TTL_MS, loadConfig, resolveConfig } from '../../github/config/load.js';
import { mergeConfigs } from '../../github/config/reader.js';
import { DEFAULTS } from '../../github/config/types.js';
import { root } from '../helpers.js';
import { startHarness, type Harness } from './harness.js';

const repo = { owner: 'acme', repo: 'app' };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.file}:${p.line ?? '-'}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('fills in every default when there is no file', () => {
    const config = resolveConfig({ data: undefined, files: [] }, repo);
    expect(config).toEqual({
      manifest: 'design.yml',
      mode: 'blocking',
      time_zone: 'Europe/London',
      artefacts: { builtin: true, sources: [] },
      unknown: { must: 'fail', should: 'warn', may: 'notice' },
      evidence: { contradictions: 'fail' },
      exceptions: { repository: 'acme/app', max_days: { minor: 180, challenge: 90, major: 365 }, approvals: { minor: 1, challenge: 1, major: 2 }, reminders: [30, 7, 1] },
      deciders: { approvers: [] },
      areas: {},
      labels: { prefix: 'assure' },
      sweep: { interval_minutes: 0 },
      sources: [],
    });
  });

  it('documents the same defaults in the schema as it applies', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schema/config.schema.json'), 'utf8'));
    const p = schema.properties;
    expect(p.manifest.default).toBe(DEFAULTS.manifest);
    expect(p.mode.default).toBe(DEFAULTS.mode);
    expect(p.time_zone.default).toBe(DEFAULTS.time_zone);
    expect(p.artefacts.properties.builtin.default).toBe(DEFAULTS.builtin);
    for (const kind of ['minor', 'challenge', 'major'] as const) {
      expect(p.exceptions.properties.max_days.properties[kind].default).toBe(DEFAULTS.max_days[kind]);
      expect(p.exceptions.properties.approvals.properties[kind].default).toBe(DEFAULTS.approvals[kind]);
    }
    expect(p.exceptions.properties.reminders.default).toEqual(DEFAULTS.reminders);
    expect(p.labels.properties.prefix.default).toBe(DEFAULTS.prefix);
    expect(p.sweep.properties.interval_minutes.default).toBe(DEFAULTS.interval_minutes);
  });

  it('reads every key', () => {
    const data = {
      manifest: './docs/design.yml',
      mode: 'advisory',
      time_zone: 'Europe/Paris',
      artefacts: { builtin: false, sources: [{ repository: 'DFE-Digital/architecture-standards', path: 'artefacts/' }] },
      exceptions: { repository: 'DFE-Digital/architecture-exceptions', max_days: { minor: 30 }, approvals: { major: 3 }, reminders: [1, 14] },
      deciders: { architecture: 'DFE-Digital/architecture', forum: 'DFE-Digital/design-forum', deputy_directors: 'DFE-Digital/dd', board: 'DFE-Digital/board', approvers: ['alice'] },
      areas: { 'teaching-workforce': 'DFE-Digital/tw-architects' },
      labels: { prefix: 'standards' },
      sweep: { interval_minutes: 60 },
    };
    const config = resolveConfig({ data, files: ['.github/assure.yml'] }, repo);
    expect(config).toMatchObject({
      manifest: 'docs/design.yml',
      mode: 'advisory',
      time_zone: 'Europe/Paris',
      artefacts: { builtin: false, sources: [{ repository: 'DFE-Digital/architecture-standards', path: 'artefacts' }] },
      exceptions: { repository: 'DFE-Digital/architecture-exceptions', max_days: { minor: 30, challenge: 90, major: 365 }, approvals: { minor: 1, challenge: 1, major: 3 }, reminders: [14, 1] },
      deciders: { architecture: 'DFE-Digital/architecture', forum: 'DFE-Digital/design-forum', deputy_directors: 'DFE-Digital/dd', board: 'DFE-Digital/board', approvers: ['alice'] },
      areas: { 'teaching-workforce': 'DFE-Digital/tw-architects' },
      labels: { prefix: 'standards' },
      sweep: { interval_minutes: 60 },
      sources: ['.github/assure.yml'],
    });
  });

  it('names the key for each problem', () => {
    const data = {
      mode: 'strict',
      colour: 'blue',
      exceptions: { repository: 'not a repo', max_days: { minor: 0 } },
      deciders: { architecture: 'architecture' },
      artefacts: { sources: [{ path: 'x' }] },
      manifest: '../outside.yml',
    };
    expect(problemsOf(() => resolveConfig({ data, files: ['.github/assure.yml'] }, repo)).sort()).toEqual(
      [
        '.github/assure.yml:-: colour: unknown key; the keys are listed in docs/app.md',
        '.github/assure.yml:-: mode: must be one of "blocking", "advisory"',
        '.github/assure.yml:-: exceptions.repository: must be a repository written owner/name',
        '.github/assure.yml:-: exceptions.max_days.minor: must be at least 1',
        '.github/assure.yml:-: deciders.architecture: must be a GitHub team written org/team-slug',
        '.github/assure.yml:-: artefacts.sources[0]: "repository" is required',
        '.github/assure.yml:-: manifest: must be a relative path inside the repository (no leading "/", no "..")',
      ].sort(),
    );
  });

  it('refuses an unknown time zone and a configuration with nothing to check against', () => {
    expect(problemsOf(() => resolveConfig({ data: { time_zone: 'Mars/Olympus', artefacts: { builtin: false } }, files: [] }, repo))).toEqual([
      '.github/assure.yml:-: time_zone: "Mars/Olympus" is not a time zone; use an IANA name such as Europe/London',
      '.github/assure.yml:-: artefacts.builtin: is false and no artefacts.sources are listed, so there is nothing to check against',
    ]);
  });

  it('merges later configurations over earlier ones, replacing lists', () => {
    expect(mergeConfigs([{ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] } }, null, { __proto__: { polluted: true } }])).toEqual({ a: { b: 1, c: [3] }, d: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the contents API reader (Action and CLI)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expect(h.sim.rejected).toEqual([]);
    await h.close();
  });

  it('gives the line of a problem', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': '# settings\nmode: blocking\nlabels:\n  prefix: "a:b"\n' } });
    const error = await loadConfig(h.ctx(), repo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('.github/assure.yml:4:11: labels.prefix: must not contain ":" or ","');
  });

  it('falls back to the organisation .github repository, then follows _extends; the repository file wins', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': 'x' } });
    h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': '_extends: acme/policy:org/assure.yml\nmode: advisory\nexceptions:\n  reminders: [14]\n' } });
    h.sim.addRepo({ owner: 'acme', name: 'policy', files: { 'org/assure.yml': 'time_zone: Europe/Paris\nmode: blocking\nexceptions:\n  reminders: [30, 7]\n  max_days: { minor: 10 }\n' } });
    const config = await loadConfig(h.ctx(), repo);
    expect(config).toMatchObject({ mode: 'advisory', time_zone: 'Europe/Paris', exceptions: { reminders: [14], max_days: { minor: 10, challenge: 90 } } });
    expect(config.sources).toEqual(['acme/.github:.github/assure.yml', 'acme/policy:org/assure.yml']);
  });

  it('points at the file a bad key came from', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': '_extends: base\nmode: advisory\n' } });
    h.sim.addRepo({ owner: 'acme', name: 'base', files: { '.github/assure.yml': 'mode: blocking\n\nsweep:\n  interval_minutes: -5\n' } });
    const error = (await loadConfig(h.ctx(), repo).catch((e: unknown) => e)) as ConfigError;
    expect(error.problems).toEqual([expect.objectContaining({ file: 'acme/base:.github/assure.yml', line: 4, message: 'sweep.interval_minutes: must be at least 0' })]);
  });

  it('refuses an _extends loop and a missing _extends target', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': '_extends: a\n' } });
    h.sim.addRepo({ owner: 'acme', name: 'a', files: { '.github/assure.yml': '_extends: app\n' } });
    await expect(loadConfig(h.ctx(), repo)).rejects.toThrow('acme/a:.github/assure.yml:1:11: _extends: .github/assure.yml is already part of this configuration (a loop)');
    h.sim.addRepo({ owner: 'acme', name: 'b', files: { '.github/assure.yml': '_extends: nowhere\n' } });
    await expect(loadConfig(h.ctx(), { owner: 'acme', repo: 'b' })).rejects.toThrow('_extends: acme/nowhere:.github/assure.yml was not found');
  });

  it('reads the default branch only, and again only after the cache expires', async () => {
    h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': 'mode: advisory\n' } });
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { 'README.md': 'x' } });
    h.sim.pushCommit('acme/.github', 'feature', { '.github/assure.yml': 'mode: blocking\n' });
    const ctx = h.ctx();
    expect((await loadConfig(ctx, repo)).mode).toBe('advisory');
    h.sim.pushCommit('acme/.github', 'main', { '.github/assure.yml': 'mode: blocking\n' });
    const cached = h.mark();
    expect((await loadConfig(ctx, repo)).mode).toBe('advisory');
    expect(cached()).toEqual([]);
    h.sim.advance(CONFIG_TTL_MS + 1);
    expect((await loadConfig(ctx, repo)).mode).toBe('blocking');
  });

  it('treats an empty file as all defaults', async () => {
    h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': '\n# nothing yet\n' } });
    expect((await loadConfig(h.ctx(), repo)).mode).toBe('blocking');
  });
});
