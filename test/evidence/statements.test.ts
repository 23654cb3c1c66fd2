import { describe, expect, it } from 'vitest';
import { BUILTIN_COLLECTORS, collectEvidence, collectFromDirectory, type Observation } from '../../src/evidence/index.js';
import { cronFrequency } from '../../src/evidence/collectors/environments.js';
import { isoDate } from '../../src/evidence/statement-text.js';
import { builtinArtefactFiles, evaluate, fixedClock, loadArtefacts, parseManifest } from '../../src/index.js';

const RAILS = 'test/fixtures/repos/rails-service';

function inMemory(files: Record<string, string>): Promise<Observation> {
  return collectEvidence({ paths: () => Object.keys(files).sort(), notes: () => [], read: async (p) => p.map((path) => ({ path, text: files[path]! })) }, BUILTIN_COLLECTORS);
}

describe('the accessibility statement and cookies page', () => {
  it('reads the WCAG version, level, conformance and last test date from the Rails statement, with its lines', async () => {
    const o = await collectFromDirectory(RAILS);
    expect(o.data.accessibility).toEqual({ statement: 'published', conformance: 'partial', wcag_version: '2.2', level: 'AA', last_audit: '2024-03-12' });
    const file = 'app/views/pages/accessibility.html.erb';
    expect(o.evidence.get('$.accessibility.statement')).toMatchObject({ file, line: 1, collector: 'accessibility' });
    expect(o.evidence.get('$.accessibility.wcag_version')).toMatchObject({ file, line: 13, collector: 'accessibility' });
    expect(o.evidence.get('$.accessibility.conformance')).toMatchObject({ file, line: 13, detail: expect.stringMatching(/partially compliant/) });
    expect(o.evidence.get('$.accessibility.last_audit')).toMatchObject({ file, line: 27 });
    expect(o.data.cookies).toEqual({ non_essential: true });
    expect(o.evidence.get('$.cookies.non_essential')).toMatchObject({ file: 'app/views/pages/cookies.html.erb', line: 19, collector: 'cookies' });
  });

  it('a page under an accessibility name that is no statement says nothing', async () => {
    const o = await inMemory({ 'app/views/accessibility_settings.html.erb': '<h1>Display settings</h1>\n<p>Choose a larger font.</p>\n' });
    expect(o.data.accessibility).toBeUndefined();
  });

  it('reads a Nunjucks statement and a Razor one, and says nothing the page does not say', async () => {
    const o = await inMemory({
      'app/views/accessibility.njk': '{% block content %}\n<p>This website is fully compliant with the Web Content Accessibility Guidelines version 2.1 AA standard.</p>\n{% endblock %}\n',
      'src/Web/Pages/Cookies.cshtml': '<h1>Cookies</h1>\n<p>We only use essential cookies.</p>\n',
    });
    expect(o.data.accessibility).toEqual({ statement: 'published', conformance: 'full', wcag_version: '2.1', level: 'AA' });
    expect(o.evidence.get('$.accessibility.level')).toMatchObject({ file: 'app/views/accessibility.njk', line: 2 });
    expect(o.data.cookies).toBeUndefined();
  });

  it('reads a link to the cookies page from the layout every page shares: the cookie policy is published', async () => {
    const page = '<h1>Cookies</h1>\n<h2>Analytics cookies (optional)</h2>\n<p>We use Google Analytics.</p>\n';
    const rails = await inMemory({
      'app/views/pages/cookies.html.erb': page,
      'app/views/layouts/application.html.erb': '<html>\n<body>\n<%= yield %>\n<footer>\n  <%= govuk_link_to "Cookies", cookies_path %>\n</footer>\n</body>\n</html>\n',
    });
    expect(rails.data.cookies).toEqual({ non_essential: true, policy_linked: true });
    expect(rails.evidence.get('$.cookies.policy_linked')).toMatchObject({ file: 'app/views/layouts/application.html.erb', line: 5, collector: 'cookies' });
    const nunjucks = await inMemory({ 'app/views/layout.njk': '{{ govukFooter({\n  meta: { items: [\n    { href: "/cookies", text: "Cookies" }\n  ] }\n}) }}\n' });
    expect(nunjucks.evidence.get('$.cookies.policy_linked')).toMatchObject({ file: 'app/views/layout.njk', line: 3 });
    const razor = await inMemory({ 'src/Web/Pages/Shared/_Layout.cshtml': '<footer>\n<a class="govuk-footer__link" asp-page="/Cookies">Cookies</a>\n</footer>\n' });
    expect(razor.evidence.get('$.cookies.policy_linked')).toMatchObject({ file: 'src/Web/Pages/Shared/_Layout.cshtml', line: 2 });
    // A layout that links elsewhere says nothing about the cookie policy.
    const none = await inMemory({ 'app/views/layouts/application.html.erb': '<a href="/accessibility">Accessibility</a>\n' });
    expect(none.data.cookies).toBeUndefined();
  });

  it('a cookie policy linked from every page passes the cookie policy rule; a page with none linked is unknown, not a failure', async () => {
    const page = '<h2>Analytics cookies</h2>\n';
    const artefacts = loadArtefacts(builtinArtefactFiles()).artefacts.filter((a) => a.id === 'DDTS-data-handling');
    const { manifest } = parseManifest({ path: 'design.yml', text: 'service:\n  name: X\n' });
    const verdict = async (files: Record<string, string>) => {
      const ev = evaluate(manifest!, artefacts, { clock: fixedClock('2026-11-22T10:00:00Z'), observed: await inMemory(files) });
      return ev.results.find((r) => r.rule === 'cookie-policy');
    };
    const linked = await verdict({ 'app/views/pages/cookies.html.erb': page, 'app/views/layouts/application.html.erb': '<%= link_to "Cookies", cookies_path %>\n' });
    expect(linked?.status).toBe('pass');
    const unlinked = await verdict({ 'app/views/pages/cookies.html.erb': page });
    expect(unlinked?.status).toBe('unknown');
    expect(unlinked?.message).not.toMatch(/without a published cookie policy/);
  });

  it('survives hostile and malformed pages: unclosed tags, impossible dates, huge lines', async () => {
    const huge = `<p ${'a'.repeat(200_000)} compliant with the ${'version '.repeat(50_000)}`;
    const o = await inMemory({
      'app/views/pages/accessibility.html.erb': `<p>This service was last tested on 31 February 2024.</p>\n<div <<< ${huge}\n`,
      'app/views/pages/cookies.html.erb': '<%= unclosed ',
    });
    expect(o.data.accessibility).toBeUndefined();
    expect(o.data.cookies).toBeUndefined();
    expect(o.notes.filter((n) => n.kind === 'unreadable')).toEqual([]);
  });

  it('turns GOV.UK dates into ISO dates, and refuses dates the calendar does not have', () => {
    expect(isoDate('1', 'April', '2024')).toBe('2024-04-01');
    expect(isoDate('29', 'february', '2023')).toBeUndefined();
    expect(isoDate('0', 'May', '2024')).toBeUndefined();
    expect(isoDate('3', 'Smarch', '2024')).toBeUndefined();
  });
});

describe('database backups from a scheduled workflow', () => {
  it("records the production database's daily backup at the schedule's line", async () => {
    const o = await collectFromDirectory(RAILS);
    const environments = o.data.environments as Array<Record<string, unknown>>;
    expect(environments.find((e) => e.name === 'production')).toMatchObject({ database_backup: { frequency: 'daily' } });
    expect(environments.find((e) => e.name === 'staging')?.database_backup).toBeUndefined();
    expect(o.evidence.get('$.environments[0].database_backup')).toMatchObject({ file: '.github/workflows/database-backup.yml', line: 6, collector: 'environments' });
    expect(o.evidence.get('$.environments[0].database_backup.frequency')).toMatchObject({ file: '.github/workflows/database-backup.yml', line: 6 });
  });

  it('needs both a schedule and a database dump, and reads a workflow it cannot parse as unreadable', async () => {
    const job = (run: string) => `jobs:\n  backup:\n    environment: production_aks\n    steps:\n      - run: ${run}\n`;
    const o = await inMemory({
      '.github/workflows/a.yml': `on:\n  schedule:\n    - cron: "30 * * * *"\n${job('pg_dump -f x.sql')}`,
      '.github/workflows/b.yml': `on:\n  workflow_dispatch:\n${job('pg_dump -f y.sql')}`,
      '.github/workflows/c.yml': `on:\n  schedule:\n    - cron: "0 3 * * 0"\n${job('echo hello')}`,
      '.github/workflows/d.yml': 'on: [push\njobs: {',
    });
    const environments = o.data.environments as Array<Record<string, unknown>>;
    expect(environments).toEqual([{ name: 'production', production: true, database_backup: { frequency: 'hourly' } }]);
    expect(o.evidence.get('$.environments[0].database_backup')).toMatchObject({ file: '.github/workflows/a.yml', line: 3 });
    expect(o.notes).toContainEqual(expect.objectContaining({ kind: 'unreadable', file: '.github/workflows/d.yml' }));
  });

  it('reads how often a cron schedule runs, and nothing from schedules it cannot name', () => {
    expect(cronFrequency('0 2 * * *')).toBe('daily');
    expect(cronFrequency('15 * * * *')).toBe('hourly');
    expect(cronFrequency('0 4 * * 1')).toBe('weekly');
    expect(cronFrequency('*/5 * * * *')).toBeUndefined();
    expect(cronFrequency('0 2 1 * *')).toBeUndefined();
    expect(cronFrequency('0 2,14 * * *')).toBeUndefined();
    expect(cronFrequency('not a cron')).toBeUndefined();
  });
});

describe('the Teacher Services cloud', () => {
  it("is the department's centrally managed platform, cited to the shared module", async () => {
    const o = await collectFromDirectory(RAILS);
    expect((o.data.hosting as Record<string, unknown>).centrally_managed).toBe(true);
    expect(o.evidence.get('$.hosting.centrally_managed')).toMatchObject({ file: 'terraform/application/database.tf', line: 18, collector: 'terraform' });
  });

  it('reads the minimum TLS version a storage account accepts', async () => {
    const o = await collectFromDirectory(RAILS);
    expect(o.data.network).toEqual({ tls_min_version: '1.2' });
    expect(o.evidence.get('$.network.tls_min_version')).toMatchObject({ file: 'terraform/application/storage.tf', line: 7 });
  });
});
