// The organisation's configuration against a repository's own file: tightening applies, loosening is
// ignored with the line and without repeating the organisation's values.
import { describe, expect, it } from 'vitest';
import { combine, type ConfigLayer } from '../../github/config/trust.js';

const org: ConfigLayer = {
  file: 'acme/.github:.github/assure.yml',
  data: {
    mode: 'blocking',
    artefacts: { builtin: true, sources: [{ repository: 'acme/standards' }] },
    exceptions: { repository: 'acme/secret-exceptions', max_days: { minor: 90 }, approvals: { major: 2 } },
    deciders: { architecture: 'acme/architects', approvers: ['carol'] },
    areas: { schools: 'acme/schools-architects' },
  },
};
const repo = (data: Record<string, unknown>): ConfigLayer => ({ file: '.github/assure.yml', data, locate: (segments) => ({ file: '.github/assure.yml', line: segments.length + 1, column: 3 }) });

describe('the organisation as trust root', () => {
  it('a repository cannot name its own exceptions repository, deciders, approvers, advisory mode or drop the library', () => {
    const { data, ignored } = combine(org, repo({ mode: 'advisory', artefacts: { builtin: false }, exceptions: { repository: 'mallory/exceptions', max_days: { minor: 3650 }, approvals: { major: 1 } }, deciders: { architecture: 'acme/friends', approvers: ['mallory'] }, areas: { schools: 'acme/friends' }, time_zone: 'Pacific/Kiritimati', labels: { prefix: 'x' } }));
    expect(data).toEqual(org.data);
    expect(ignored.map((p) => p.message.split(':')[0])).toEqual(['mode', 'artefacts.builtin', 'exceptions.repository', 'exceptions.max_days.minor', 'exceptions.approvals.major', 'deciders.architecture', 'deciders.approvers', 'areas.schools', 'time_zone', 'labels.prefix']);
    for (const p of ignored) {
      expect(p).toMatchObject({ file: '.github/assure.yml', level: 'warning' });
      expect(p.line).toBeGreaterThan(0);
      expect(p.message).toMatch(/ignored: a repository's configuration may only tighten/);
      expect(p.message).not.toMatch(/secret-exceptions|architects|carol|acme\/standards/);
    }
  });

  it('a repository can tighten: blocking, more standards, the library, shorter maximum, more approvals, its manifest, its own area, a required manifest', () => {
    const { data, ignored } = combine(
      { ...org, data: { ...org.data, mode: 'advisory', artefacts: { builtin: false, sources: [{ repository: 'acme/standards' }] } } },
      repo({ mode: 'blocking', manifest: 'docs/design.yml', require_manifest: true, artefacts: { builtin: true, sources: [{ repository: 'acme/standards' }, { repository: 'acme/team-standards' }] }, exceptions: { max_days: { minor: 30 }, approvals: { major: 3 } }, areas: { payments: 'acme/payments-architects' } }),
    );
    expect(ignored).toEqual([]);
    expect(data).toMatchObject({
      mode: 'blocking',
      manifest: 'docs/design.yml',
      require_manifest: true,
      artefacts: { builtin: true, sources: [{ repository: 'acme/standards' }, { repository: 'acme/team-standards' }] },
      exceptions: { repository: 'acme/secret-exceptions', max_days: { minor: 30 }, approvals: { major: 3 } },
      areas: { schools: 'acme/schools-architects', payments: 'acme/payments-architects' },
    });
  });

  it('repeating what the organisation says is not reported; without an organisation configuration, the defaults are the root', () => {
    expect(combine(org, repo({ mode: 'blocking', exceptions: { repository: 'acme/secret-exceptions' } })).ignored).toEqual([]);
    const { data, ignored } = combine(undefined, repo({ exceptions: { repository: 'mallory/exceptions' }, mode: 'advisory', manifest: 'd.yml' }));
    expect(data).toEqual({ manifest: 'd.yml' });
    expect(ignored).toHaveLength(2);
  });
});
