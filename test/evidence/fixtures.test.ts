import { describe, expect, it } from 'vitest';
import { collectFromDirectory, type Evidence, type Observation } from '../../src/evidence/index.js';

const REPOS = 'test/fixtures/repos';
const observations = new Map<string, Promise<Observation>>();
const observe = (name: string) => {
  if (!observations.has(name)) observations.set(name, collectFromDirectory(`${REPOS}/${name}`));
  return observations.get(name)!;
};

function at(observation: Observation, path: string): { value: unknown; evidence: Evidence | undefined } {
  const steps = path.replace(/^\$\./, '').split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '');
  let node: unknown = observation.data;
  for (const step of steps) node = (node as Record<string, unknown> | undefined)?.[/^\d+$/.test(step) ? Number(step) : step];
  return { value: node, evidence: observation.evidence.get(path) };
}

function expectFact(observation: Observation, path: string, value: unknown, file: string, line?: number) {
  const fact = at(observation, path);
  expect(fact.value, path).toEqual(value);
  expect(fact.evidence?.file, `${path} file`).toBe(file);
  if (line !== undefined) expect(fact.evidence?.line, `${path} line`).toBe(line);
}

describe('facts observed in the Rails fixture', () => {
  it('finds each fact with the file and line that shows it', async () => {
    const o = await observe('rails-service');
    expectFact(o, '$.languages[0].name', 'ruby', '.ruby-version', 1);
    expectFact(o, '$.languages[0].version', '3.2.2', '.ruby-version', 1);
    expectFact(o, '$.frameworks[0].name', 'rails', 'Gemfile.lock', 45);
    expectFact(o, '$.frameworks[0].version', '7.1.3.2', 'Gemfile.lock', 45);
    expectFact(o, '$.notifications.email', 'gov-uk-notify', 'Gemfile.lock', 30);
    expectFact(o, '$.frontend.design_system', 'govuk-frontend', 'Gemfile.lock', 19);
    expectFact(o, '$.auth.providers[0]', 'dfe-sign-in', 'config/settings.yml', 3);
    expectFact(o, '$.repository.codeowners', true, '.github/CODEOWNERS', 2);
    expectFact(o, '$.repository.contributing', true, 'CONTRIBUTING.md', 1);
    expectFact(o, '$.decisions.path', 'doc/adr', 'doc/adr/0001-record-architecture-decisions.md');
    expectFact(o, '$.decisions.format', 'nygard', 'doc/adr/0001-record-architecture-decisions.md', 5);
    expectFact(o, '$.ci.platform', 'github-actions', '.github/workflows/build-and-deploy.yml', 1);
    expectFact(o, '$.ci.security.sca', 'dependabot', '.github/dependabot.yml', 3);
    expectFact(o, '$.ci.security.container_scanning', true, '.github/workflows/build-and-deploy.yml', 53);
    expectFact(o, '$.ci.security.block_on', 'high', '.github/workflows/build-and-deploy.yml', 56);
    expectFact(o, '$.containers.registry', 'ghcr', '.github/workflows/build-and-deploy.yml', 13);
    expectFact(o, '$.hosting.provider', 'azure', 'terraform/application/terraform.tf', 18);
    expectFact(o, '$.hosting.regions[0]', 'uk-south', 'terraform/application/database.tf', 4);
    expectFact(o, '$.data_stores[0]', { name: 'main', engine: 'postgresql', version: '14', public_ip: false, backups: { frequency: 'daily', offsite: false } }, 'terraform/application/database.tf', 1);
    expectFact(o, '$.data_stores[1]', { name: 'redis', engine: 'redis', version: '6' }, 'terraform/application/database.tf', 18);
    expectFact(o, '$.secrets.store', 'azure-key-vault', 'terraform/application/application.tf', 1);
    // ?ref=stable follows a branch: the StatusCake module is not pinned to a release.
    expectFact(o, '$.infrastructure.pinned_versions', false, 'terraform/application/application.tf', 10);
    expectFact(o, '$.infrastructure.unpinned_modules[0]', 'statuscake', 'terraform/application/application.tf', 10);
  });

  it('holds what a lying manifest would contradict: no CodeQL, no licence, Ruby 3.2, each with its place', async () => {
    const o = await observe('rails-service');
    const sast = at(o, '$.ci.security.sast');
    expect(sast.value).toBe('brakeman');
    expect([sast.value, ...(sast.evidence?.values ?? [])]).not.toContain('codeql');
    expect(sast.evidence).toMatchObject({ file: '.github/workflows/build-and-deploy.yml', line: 32, collector: 'ci' });
    const licence = at(o, '$.source.licence');
    expect(licence.value).toBe('none');
    expect(licence.evidence).toMatchObject({ collector: 'licence', detail: expect.stringMatching(/no LICENCE or LICENSE file/) });
    const ruby = at(o, '$.languages[0]');
    expect(ruby.value).toEqual({ name: 'ruby', version: '3.2.2' });
    expect(ruby.evidence).toMatchObject({ file: '.ruby-version', line: 1, collector: 'runtimes' });
  });

  it('says that GitHub settings were not read', async () => {
    const o = await observe('rails-service');
    expect(o.notes).toContainEqual(expect.objectContaining({ kind: 'unavailable', message: expect.stringMatching(/visibility.*branch protection/) }));
  });
});

describe('facts observed in the .NET fixture', () => {
  it('reads global.json, the project file, appsettings, the licence and the Terraform', async () => {
    const o = await observe('dotnet-service');
    expectFact(o, '$.languages[0]', { name: 'dotnet', version: '8.0' }, 'global.json', 3);
    expectFact(o, '$.frameworks[0]', { name: 'aspnetcore', version: '8.0' }, 'src/Web/Web.csproj', 4);
    expectFact(o, '$.notifications.email', 'gov-uk-notify', 'src/Web/Web.csproj', 12);
    expectFact(o, '$.frontend.design_system', 'govuk-frontend', 'src/Web/Web.csproj', 11);
    expectFact(o, '$.auth.providers[0]', 'dfe-sign-in', 'src/Web/appsettings.json', 9);
    expectFact(o, '$.source.licence', 'MIT', 'LICENCE.md', 1);
    expectFact(o, '$.source.licence_file', 'LICENCE.md', 'LICENCE.md', 1);
    expectFact(o, '$.source.copyright', 'Crown Copyright (Department for Education)', 'LICENCE.md', 3);
    expectFact(o, '$.repository.contributing', false, '.');
    expectFact(o, '$.ci.security.sast', 'codeql', '.github/workflows/codeql.yml', 17);
    expectFact(o, '$.containers.registry', 'acr', '.github/workflows/build.yml', 18);
    expectFact(o, '$.data_stores[0]', { name: 'default', engine: 'azure-sql', version: '12.0', public_ip: true }, 'terraform/main.tf', 14);
    expectFact(o, '$.hosting.regions[0]', 'west-europe', 'terraform/main.tf');
    expectFact(o, '$.secrets.store', 'azure-key-vault', 'terraform/main.tf', 23);
    expectFact(o, '$.secrets.managed_identities', true, 'terraform/main.tf', 38);
    expectFact(o, '$.infrastructure.pinned_versions', false, 'terraform/main.tf', 53);
    expectFact(o, '$.decisions.format', 'madr', 'docs/adr/0001-use-azure-sql.md', 3);
  });
});

describe('facts observed in the Node fixture', () => {
  it('prefers the version a file pins and the lockfile version, and reads scanners and issuers', async () => {
    const o = await observe('node-service');
    expectFact(o, '$.languages[0]', { name: 'nodejs', version: '20.11.1' }, '.nvmrc', 1);
    expect(o.evidence.get('$.languages[0].version')?.values).toBeUndefined();
    expectFact(o, '$.frameworks[0]', { name: 'express', version: '4.19.2' }, 'package-lock.json', 37);
    expectFact(o, '$.auth.providers[0]', 'gov-uk-one-login', 'config/default.json', 4);
    expectFact(o, '$.ci.security.dast', 'zap', '.github/workflows/ci.yml', 51);
    expectFact(o, '$.ci.security.sast', 'codeql', '.github/workflows/ci.yml', 25);
    expectFact(o, '$.source.licence', 'MIT', 'LICENSE', 1);
    expectFact(o, '$.data_stores[0]', { name: 'tuition', engine: 'postgresql', version: '16', public_ip: true, high_availability: true, backups: { frequency: 'daily', offsite: true } }, 'terraform/main.tf', 13);
    expectFact(o, '$.network.tls_min_version', '1.2', 'terraform/main.tf', 35);
    expectFact(o, '$.infrastructure.pinned_versions', false, 'terraform/main.tf', 3);
  });
});

describe('the examples', () => {
  it("the beta's files contradict its manifest's Node version, and only that", async () => {
    const o = await collectFromDirectory('examples/beta-service');
    expectFact(o, '$.languages[0]', { name: 'nodejs', version: '20.18.1' }, '.nvmrc', 1);
    expect(o.data.ci).toMatchObject({ platform: 'github-actions', security: { sca: 'dependabot', sast: 'codeql' } });
    expect(o.data.notifications).toEqual({ email: 'sendgrid' });
    expect(o.data.auth).toEqual({ providers: ['gov-uk-one-login', 'dfe-sign-in'], protocol: 'oidc' });
  });
});
