import { describe, expect, it } from 'vitest';
import { evaluate, loadArtefacts, type RuleResult } from '../../src/index.js';
import type { Evidence, Observation } from '../../src/evidence/types.js';
import { formatPath, type Segment } from '../../src/paths/jsonpath.js';
import { agrees } from '../../src/engine/merge.js';
import { manifestOf } from '../helpers.js';

const HEAD = 'kind: standard\nowner: T\nstatus: published\nversion: 1\nreview_by: 2027-01-01\nsource: https://e.org\nexemptable: true\n';

/** Artefacts written inline: each test states the rules it relies on. */
function artefacts(...texts: string[]) {
  const set = loadArtefacts(texts.map((text, i) => ({ path: `a${i}.yml`, text: `${HEAD}${text}` })));
  if (set.problems.length > 0) throw new Error(set.problems.map((p) => p.message).join('\n'));
  return set.artefacts;
}

const SUPPORTED = `id: T-ruby\ntitle: Ruby is supported\nseverity: must\nscope:\n  given: [$.languages]\nrules:\n  ruby-33:\n    given: $.languages[?(@.name === 'ruby')].version\n    assert: { minVersion: "3.3" }\n    message: 'Ruby {{value}} is below 3.3'\n`;
const PUBLIC_IP = `id: T-ip\ntitle: No public IP\nseverity: must\nscope:\n  given: [$.data_stores]\nrules:\n  no-public-ip:\n    description: Databases have no public IP\n    given: $.data_stores[*]\n    assert: { required: [public_ip], properties: { public_ip: { const: false } } }\n    message: 'A data store is reachable on a public IP'\n  backups:\n    given: $.data_stores[*].backups\n    assert: { required: [frequency] }\n`;

/** An observation the way a collector hands it over: facts at manifest paths, each with where it was seen. */
function observation(facts: Array<{ path: Segment[]; value: unknown; evidence: Evidence }>): Observation {
  const data: Record<string, unknown> = {};
  const evidence = new Map<string, Evidence>();
  for (const fact of facts) {
    let node: Record<string | number, unknown> = data;
    fact.path.forEach((segment, i) => {
      if (i === fact.path.length - 1) node[segment] = fact.value;
      else node = (node[segment] ??= typeof fact.path[i + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
    });
    evidence.set(formatPath(fact.path), fact.evidence);
  }
  return { data, evidence, notes: [] };
}

const RUBY_32 = observation([
  { path: ['languages', 0, 'name'], value: 'ruby', evidence: { file: 'Gemfile.lock', line: 211, collector: 'bundler' } },
  { path: ['languages', 0, 'version'], value: '3.2.2', evidence: { file: 'Gemfile.lock', line: 212, collector: 'bundler' } },
]);

const find = (results: RuleResult[], status: RuleResult['status']): RuleResult[] => results.filter((r) => r.status === status);

describe('declared against observed', () => {
  const declared34 = manifestOf('service:\n  name: Apply\nlanguages:\n  - name: ruby\n    version: "3.4"\n');

  it('reports a contradiction naming the manifest line and the evidence file, line and collector; it fails by default', () => {
    const ev = evaluate(declared34, artefacts(SUPPORTED), { today: '2026-12-01', observed: RUBY_32 });
    const [c, ...more] = find(ev.results, 'contradiction');
    expect(more).toEqual([]);
    expect(c).toMatchObject({
      path: '$.languages[0].version',
      location: { file: 'design.yml', line: 5 },
      evidence: { file: 'Gemfile.lock', line: 212, collector: 'bundler' },
      contradiction: { declared: '3.4', observed: '3.2.2' },
      countsAs: 'fail',
    });
    expect(c!.message).toContain('design.yml:5');
    expect(c!.message).toContain('observed in Gemfile.lock:212 (bundler)');
    expect(ev.summary.contradiction).toBe(1);
    expect(ev.ok).toBe(false);
    // The declared value is the one the rules check.
    expect(ev.results.find((r) => r.rule === 'ruby-33')).toMatchObject({ status: 'pass', origin: 'declared' });
  });

  it("counts a contradiction as a warning when the organisation says contradictions: 'warn'", () => {
    const ev = evaluate(declared34, artefacts(SUPPORTED), { today: '2026-12-01', observed: RUBY_32, contradictions: 'warn' });
    expect(find(ev.results, 'contradiction')[0]).toMatchObject({ countsAs: 'warn', severity: 'should' });
    expect(ev.ok).toBe(true);
  });

  it('agrees when the declared value is the observed one written differently, a shorter version, or one of several seen', () => {
    const same = (text: string, facts: Observation) => find(evaluate(manifestOf(text), [], { today: '2026-12-01', observed: facts }).results, 'contradiction');
    expect(same('service:\n  name: A\nlanguages:\n  - name: RUBY\n    version: "3.2"\n', RUBY_32)).toEqual([]);
    const regions = observation([{ path: ['hosting', 'regions'], value: ['uksouth'], evidence: { file: 'main.tf', line: 3, collector: 'terraform' } }]);
    expect(same('service:\n  name: A\nhosting:\n  regions: [uk-south]\n', regions)).toEqual([]);
    const scanners = observation([{ path: ['ci', 'security', 'sast'], value: 'codeql', evidence: { file: '.github/workflows/ci.yml', line: 9, collector: 'workflows', values: ['codeql', 'brakeman'] } }]);
    expect(same('service:\n  name: A\nci:\n  security:\n    sast: Brakeman\n', scanners)).toEqual([]);
    expect(same('service:\n  name: A\nci:\n  security:\n    sast: sonarcloud\n', scanners)).toHaveLength(1);
    expect(agrees('uk-south', 'UK South')).toBe(true);
    expect(agrees('3.2', '3.20.1')).toBe(false);
    expect(agrees(22, '22.11.0')).toBe(true);
    expect(agrees('MIT', null)).toBe(false);
  });

  it('lets an observed fact reach the rules where nothing is declared, and says where it was seen', () => {
    const ev = evaluate(manifestOf('service:\n  name: Apply\n'), artefacts(SUPPORTED), { today: '2026-12-01', observed: RUBY_32 });
    const r = ev.results.find((x) => x.rule === 'ruby-33')!;
    expect(r).toMatchObject({ status: 'fail', origin: 'observed', evidence: { file: 'Gemfile.lock', line: 212 }, location: { file: 'Gemfile.lock', line: 212 } });
    expect(r.message).toBe('Ruby 3.2.2 is below 3.3');
    // Without the evidence the artefact is out of scope: the observed fact brought it into scope.
    const bare = evaluate(manifestOf('service:\n  name: Apply\n'), artefacts(SUPPORTED), { today: '2026-12-01' });
    expect(bare.results.find((x) => x.rule === 'ruby-33')!.status).toBe('not-applicable');
  });

  it('keeps declared facts reaching the rules beside observed ones, list items aligned by name', () => {
    const manifest = manifestOf('service:\n  name: Apply\nlanguages:\n  - name: nodejs\n    version: "22"\n');
    const ev = evaluate(manifest, artefacts(SUPPORTED, `id: T-node\ntitle: Node\nseverity: must\nrules:\n  node:\n    given: $.languages[?(@.name === 'nodejs')].version\n    assert: { minVersion: "20" }\n`), {
      today: '2026-12-01',
      observed: RUBY_32,
    });
    expect(ev.results.find((x) => x.rule === 'node')).toMatchObject({ status: 'pass', origin: 'declared', path: '$.languages[0].version' });
    expect(ev.results.find((x) => x.rule === 'ruby-33')).toMatchObject({ status: 'fail', origin: 'observed', path: '$.languages[1].version' });
    expect(find(ev.results, 'contradiction')).toEqual([]);
  });

  it('decides scope `when` on declared and observed facts together', () => {
    const live = `id: T-live\ntitle: Live\nseverity: must\nscope:\n  when: { required: [hosting], properties: { hosting: { required: [provider], properties: { provider: { const: azure } } } } }\nrules:\n  r:\n    given: $.hosting\n    assert: { required: [provider] }\n`;
    const seen = observation([{ path: ['hosting', 'provider'], value: 'azure', evidence: { file: 'main.tf', line: 1, collector: 'terraform' } }]);
    const ev = evaluate(manifestOf('service:\n  name: Apply\n'), artefacts(live), { today: '2026-12-01', observed: seen });
    expect(ev.results[0]).toMatchObject({ status: 'pass', origin: 'observed' });
  });
});

describe('unknown', () => {
  const withStore = manifestOf('service:\n  name: Apply\ndata_stores:\n  - name: main-db\n    engine: postgresql\n');

  it('is unknown, not pass or fail, when a rule in scope lacks a fact; it says what to declare and never asserts non-compliance', () => {
    const ev = evaluate(withStore, artefacts(PUBLIC_IP), { today: '2026-12-01', hints: (path) => (path === '$.data_stores[*].public_ip' ? 'terraform (public_network_access_enabled)' : undefined) });
    const r = ev.results.find((x) => x.rule === 'no-public-ip')!;
    expect(r).toMatchObject({ status: 'unknown', path: '$.data_stores[0].public_ip', countsAs: 'fail', location: { file: 'design.yml', line: 4 } });
    expect(r.message).toContain('`data_stores[main-db].public_ip`');
    expect(r.message).toContain('design.yml');
    expect(r.message).toContain('terraform (public_network_access_enabled)');
    expect(r.message).not.toContain('reachable on a public IP');
    // A rule whose `given` matches nothing stays not applicable.
    expect(ev.results.find((x) => x.rule === 'backups')!.status).toBe('not-applicable');
    expect(ev.ok).toBe(false);
  });

  it('fails as before when a declared value is wrong, whatever else is missing', () => {
    const ev = evaluate(manifestOf('service:\n  name: Apply\ndata_stores:\n  - name: main-db\n    engine: postgresql\n    public_ip: true\n'), artefacts(PUBLIC_IP), { today: '2026-12-01' });
    expect(ev.results.find((x) => x.rule === 'no-public-ip')).toMatchObject({ status: 'fail', message: 'A data store is reachable on a public IP' });
    const both = artefacts(`id: T-both\ntitle: Both\nseverity: must\nrules:\n  r:\n    given: $.security\n    assert: { required: [admin_mfa], properties: { admin_access: { const: jit } } }\n`);
    expect(evaluate(manifestOf('service:\n  name: A\nsecurity:\n  admin_access: standing\n'), both, { today: '2026-12-01' }).results[0]!.status).toBe('fail');
  });

  it('lists the fields a missing section needs, and alternatives as alternatives', () => {
    const either = artefacts(`id: T-any\ntitle: Any\nseverity: should\nrules:\n  r:\n    given: $\n    assert: { anyOf: [{ required: [cms] }, { required: [crm] }] }\n  s:\n    given: $\n    assert: { required: [source], properties: { source: { required: [host, org] } } }\n`);
    const ev = evaluate(manifestOf('service:\n  name: A\n'), either, { today: '2026-12-01' });
    expect(ev.results.find((r) => r.rule === 'r')!.message).toContain('`cms` or `crm`');
    expect(ev.results.find((r) => r.rule === 's')).toMatchObject({ status: 'unknown', path: '$.source' });
    expect(ev.results.find((r) => r.rule === 's')!.message).toContain('`source.host` and `source.org`');
  });

  it('counts per severity: by default an unknown must does not certify, should warns, may is a notice; the organisation can change each', () => {
    const three = ['must', 'should', 'may'].map((severity) => `id: T-${severity}\ntitle: ${severity}\nseverity: ${severity}\nrules:\n  r:\n    given: $\n    assert: { required: [decisions] }\n`);
    const manifest = manifestOf('service:\n  name: A\n');
    const byDefault = evaluate(manifest, artefacts(...three), { today: '2026-12-01' });
    expect(byDefault.results.map((r) => [r.artefact, r.status, r.countsAs])).toEqual([
      ['T-may', 'unknown', 'notice'],
      ['T-must', 'unknown', 'fail'],
      ['T-should', 'unknown', 'warn'],
    ]);
    expect(byDefault.ok).toBe(false);
    expect(byDefault.summary.unknown).toBe(3);
    const lenient = evaluate(manifest, artefacts(...three), { today: '2026-12-01', unknown: { must: 'warn' } });
    expect(lenient.ok).toBe(true);
    const strict = evaluate(manifest, artefacts(three[1]!), { today: '2026-12-01', unknown: { should: 'fail' } });
    expect(strict.ok).toBe(false);
  });

  it('is waived by an approved exemption to the rule, as a failure would be', () => {
    const ev = evaluate(withStore, artefacts(PUBLIC_IP), {
      today: '2026-12-01',
      exemptions: [{ id: 'EX-1', artefact: 'T-ip', rules: ['no-public-ip'], kind: 'minor', status: 'approved', expires: '2027-01-31' }],
    });
    expect(ev.results.find((x) => x.rule === 'no-public-ip')!.status).toBe('exempted');
    expect(ev.ok).toBe(true);
  });
});

describe('the observed data', () => {
  it('brings evidence notes into the evaluation', () => {
    const obs = { ...RUBY_32, notes: [{ kind: 'cap' as const, message: 'only the first 200 workflow files were read' }] };
    expect(evaluate(manifestOf('service:\n  name: A\n'), [], { today: '2026-12-01', observed: obs }).evidenceNotes).toEqual(obs.notes);
  });
});
