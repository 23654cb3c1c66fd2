import { describe, expect, it } from 'vitest';
import { evaluate, fixedClock, type Exemption, type RuleResult } from '../../src/index.js';
import { fixtureArtefacts, manifestOf } from '../helpers.js';

const artefacts = fixtureArtefacts();
const DESIGN = `service:
  name: Apply for things
notifications:
  email: sendgrid
  sms: gov-uk-notify
languages:
  - name: nodejs
    version: "22"
  - name: ruby
    version: "3.1.4"
cms:
  product: wordpress
hosting:
  provider: aws
data:
  personal_data: true
accessibility:
  last_audit: 2025-06-01
network:
  tls_min_version: "1.0"
payments:
  takes_payments: true
`;

const find = (results: RuleResult[], artefact: string, rule: string): RuleResult[] => results.filter((r) => r.artefact === artefact && r.rule === rule);
const one = (results: RuleResult[], artefact: string, rule: string): RuleResult => {
  const found = find(results, artefact, rule);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('evaluate', () => {
  const ev = evaluate(manifestOf(DESIGN), artefacts, { today: '2026-11-22' });

  it('fails a must rule and positions the finding on the manifest line', () => {
    const r = one(ev.results, 'T-notify', 'email-via-notify');
    expect(r.status).toBe('fail');
    expect(r.path).toBe('$.notifications.email');
    expect(r.location).toEqual({ file: 'design.yml', line: 4, column: 10 });
    expect(r.message).toBe('Email is sent with sendgrid: use GOV.UK Notify');
    expect(r.source).toBe('https://example.org/notify');
    expect(one(ev.results, 'T-notify', 'sms-via-notify').status).toBe('pass');
  });

  it('warns for should, notices for may, and only advises for drafts', () => {
    const stack = find(ev.results, 'T-stack', 'core-language');
    expect(stack.map((r) => [r.path, r.status])).toEqual([
      ['$.languages[0].name', 'warn'],
      ['$.languages[1].name', 'pass'],
    ]);
    expect(stack[0]!.message).toBe('nodejs is not a core stack');
    expect(stack[0]!.location?.line).toBe(7);
    expect(one(ev.results, 'T-advice', 'cms').status).toBe('notice');
    const draft = one(ev.results, 'T-draft', 'azure');
    expect(draft.status).toBe('notice');
    expect(draft.severity).toBe('may');
  });

  it('ignores retired artefacts entirely', () => {
    expect(ev.results.some((r) => r.artefact === 'T-retired')).toBe(false);
    expect(ev.artefacts.some((a) => a.id === 'T-retired')).toBe(false);
  });

  it('reports a missing required field at its full path, located at the nearest line', () => {
    const r = one(ev.results, 'T-legal', 'dpia');
    expect(r.status).toBe('unknown');
    expect(r.path).toBe('$.data.dpia');
    expect(r.location?.line).toBe(15);
  });

  it('checks dates, versions and end of support against the evaluation day', () => {
    expect(one(ev.results, 'T-dates', 'audit-recent').status).toBe('fail');
    expect(one(ev.results, 'T-dates', 'tls').message).toContain('1.0 is below 1.2');
    const supported = find(ev.results, 'T-dates', 'supported');
    // nodejs is not in this table: a product the table does not track is outside what the rule judges.
    expect(supported.map((r) => r.status)).toEqual(['pass', 'fail']);
    expect(supported[1]!.message).toContain('ruby 3.1.4 reached end of support on 2025-03-31');
    const later = evaluate(manifestOf(DESIGN.replace('2025-06-01', '2026-01-10').replace('"3.1.4"', '"3.3"')), artefacts, { today: '2026-11-22' });
    expect(one(later.results, 'T-dates', 'audit-recent').status).toBe('pass');
    expect(find(later.results, 'T-dates', 'supported').map((r) => r.status)).toEqual(['pass', 'pass']);
    const ending = find(later.results, 'T-dates', 'support-ending');
    expect(ending.map((r) => r.status)).toEqual(['pass', 'warn']);
    expect(ending[1]!.message).toContain('support ends on 2027-03-31 (in 129 days)');
  });

  it('is not applicable when out of scope, when a rule matches nothing, and when `when` fails', () => {
    const quiet = evaluate(manifestOf('service:\n  name: Quiet\n'), artefacts, { today: '2026-11-22' });
    expect(one(quiet.results, 'T-notify', 'email-via-notify')).toMatchObject({ status: 'not-applicable', message: 'Out of scope: Services that send notifications' });
    expect(one(quiet.results, 'T-legal', 'dpia').status).toBe('not-applicable');
    expect(one(quiet.results, 'T-advice', 'cms').status).toBe('not-applicable');
    expect(quiet.ok).toBe(true);
  });

  it('reports a rule that breaks at run time as an error without stopping the others', () => {
    const broken = evaluate(manifestOf(`${DESIGN}integrations:\n  - name: crm\n`), artefacts, { today: '2026-11-22' });
    expect(one(broken.results, 'T-dates', 'filter-crash').status).toBe('error');
    expect(one(broken.results, 'T-notify', 'email-via-notify').status).toBe('fail');
    expect(broken.ok).toBe(false);
  });

  it('counts every status and is ok only without failures', () => {
    expect(ev.ok).toBe(false);
    const total = Object.values(ev.summary).reduce((a, b) => a + b, 0);
    expect(total).toBe(ev.results.length);
    expect(ev.summary.fail).toBe(ev.results.filter((r) => r.status === 'fail').length);
  });

  it('lists declared parts of the design that no published artefact covers', () => {
    const paths = ev.gaps.map((g) => g.path);
    expect(paths).toContain('$.payments.takes_payments');
    expect(paths).not.toContain('$.notifications.email');
    expect(paths).toContain('$.hosting.provider'); // only a draft artefact looks at it: drafts cover nothing
    const gap = ev.gaps.find((g) => g.path === '$.payments.takes_payments')!;
    expect(gap.location?.line).toBe(22);
  });

  it('takes the day from the injected clock in the organisation time zone', () => {
    // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
    const atNight = evaluate(manifestOf(DESIGN), artefacts, { clock: fixedClock('2026-03-31T23:30:00Z') });
    expect(atNight.evaluatedAt).toBe('2026-04-01');
    const utc = evaluate(manifestOf(DESIGN), artefacts, { clock: fixedClock('2026-03-31T23:30:00Z'), timeZone: 'UTC' });
    expect(utc.evaluatedAt).toBe('2026-03-31');
  });
});

describe('exemptions', () => {
  const manifest = manifestOf(DESIGN);
  const exemption = (over: Partial<Exemption>): Exemption => ({ id: 'EX-7', artefact: 'T-notify', rules: ['email-via-notify'], kind: 'minor', status: 'approved', expires: '2026-12-31', ...over });

  it('exempts a covered failure until the end of its expiry day', () => {
    const lastDay = evaluate(manifest, artefacts, { today: '2026-12-31', exemptions: [exemption({})] });
    const r = one(lastDay.results, 'T-notify', 'email-via-notify');
    expect(r.status).toBe('exempted');
    expect(r.exemption).toEqual({ id: 'EX-7', kind: 'minor', expires: '2026-12-31' });
    expect(lastDay.summary.exempted).toBe(1);
  });

  it('fails again once the exemption lapses, naming it', () => {
    const after = evaluate(manifest, artefacts, { today: '2027-01-01', exemptions: [exemption({})] });
    const r = one(after.results, 'T-notify', 'email-via-notify');
    expect(r.status).toBe('exemption-expired');
    expect(r.message).toContain('exemption EX-7 lapsed after 2026-12-31');
    expect(after.ok).toBe(false);
  });

  it('ends an artefact challenge at its realign-by date when that is earlier', () => {
    const ev = evaluate(manifest, artefacts, { today: '2026-12-01', exemptions: [exemption({ kind: 'challenge', realignBy: '2026-11-30' })] });
    expect(one(ev.results, 'T-notify', 'email-via-notify').status).toBe('exemption-expired');
  });

  it('never exempts a requirement that cannot be waived', () => {
    const ev = evaluate(manifest, artefacts, { today: '2026-11-22', exemptions: [exemption({ artefact: 'T-legal', rules: undefined })] });
    const r = one(ev.results, 'T-legal', 'dpia');
    expect(r.status).toBe('unknown');
    expect(r.message).toContain('cannot apply');
  });

  it('ignores exemptions that are not approved, belong to another repository or another path', () => {
    for (const e of [exemption({ status: 'requested' }), exemption({ status: 'rejected' }), exemption({ repository: 'other/repo' }), exemption({ paths: ['$.notifications.sms'] })]) {
      const ev = evaluate(manifest, artefacts, { today: '2026-11-22', exemptions: [e], repository: 'me/design' });
      expect(one(ev.results, 'T-notify', 'email-via-notify').status).toBe('fail');
    }
    const mine = evaluate(manifest, artefacts, { today: '2026-11-22', exemptions: [exemption({ repository: 'Me/Design', paths: ['$.notifications'] })], repository: 'me/design' });
    expect(one(mine.results, 'T-notify', 'email-via-notify').status).toBe('exempted');
  });

  it('reports an exemption as closable once the rules it covers pass', () => {
    const fixed = manifestOf(DESIGN.replace('email: sendgrid', 'email: gov-uk-notify'));
    const ev = evaluate(fixed, artefacts, { today: '2026-11-22', exemptions: [exemption({})] });
    expect(ev.closable).toHaveLength(1);
    expect(ev.closable[0]).toMatchObject({ artefact: 'T-notify', rules: ['email-via-notify'], exemption: { id: 'EX-7' } });
    const still = evaluate(manifest, artefacts, { today: '2026-11-22', exemptions: [exemption({})] });
    expect(still.closable).toEqual([]);
  });
});

describe('messages', () => {
  it('say a missing property is not set, rather than showing its parent', async () => {
    const { loadArtefacts } = await import('../../src/index.js');
    const text = `id: M-1\ntitle: M\nkind: standard\nowner: T\nstatus: published\nversion: 1\nreview_by: 2027-01-01\nsource: https://e.org\nseverity: must\nexemptable: true\nrules:\n  mfa:\n    given: $.security\n    assert: { required: [admin_mfa] }\n    message: '{{path}} is {{value}}'\n`;
    const set = loadArtefacts([{ path: 'm.yml', text }]);
    // Missing alone is unknown (see the unknown tests); missing beside a wrong value fails, and says so.
    const ev = evaluate(manifestOf('service:\n  name: x\nsecurity:\n  admin_access: standing\n'), set.artefacts, { today: '2026-11-22' });
    expect(ev.results[0]).toMatchObject({ status: 'unknown', path: '$.security.admin_mfa' });
    const wrong = loadArtefacts([{ path: 'm.yml', text: text.replace('{ required: [admin_mfa] }', '{ required: [admin_mfa], properties: { admin_access: { const: jit } } }') }]);
    const both = evaluate(manifestOf('service:\n  name: x\nsecurity:\n  admin_access: standing\n'), wrong.artefacts, { today: '2026-11-22' });
    expect(both.results[0]).toMatchObject({ status: 'fail', path: '$.security.admin_mfa', message: '$.security.admin_mfa is not set' });
  });
});
