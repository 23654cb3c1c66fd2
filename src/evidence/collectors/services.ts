// Client libraries that show which common services a repository uses: GOV.UK Notify, Pay, One Login,
// DfE Sign-in, GOV.UK Frontend, error reporting; plus sign-in issuers named in configuration files.
import type { Collector } from '../collector.js';
import { dependencies, DEPENDENCY_FILES } from '../dependencies.js';
import { lineOf, parseJsonFile, parseYamlFile } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';
import type { Segment } from '../../paths/jsonpath.js';

const NAME = 'services';

interface Library {
  /** ecosystem:package, lower case. */
  packages: string[];
  path: Segment[];
  value: unknown;
}

const LIBRARIES: Library[] = [
  { packages: ['rubygems:notifications-ruby-client', 'rubygems:govuk_notify_rails', 'rubygems:mail-notify', 'npm:notifications-node-client', 'nuget:govuknotify', 'pypi:notifications-python-client'], path: ['notifications', 'email'], value: 'gov-uk-notify' },
  { packages: ['rubygems:sendgrid-ruby', 'npm:@sendgrid/mail', 'nuget:sendgrid', 'pypi:sendgrid'], path: ['notifications', 'email'], value: 'sendgrid' },
  { packages: ['rubygems:pay-ruby-client', 'npm:@govuk-pay/pay-js-commons', 'nuget:govukpay', 'pypi:govuk-pay'], path: ['payments', 'provider'], value: 'gov-uk-pay' },
  { packages: ['rubygems:stripe', 'npm:stripe', 'nuget:stripe.net', 'pypi:stripe'], path: ['payments', 'provider'], value: 'stripe' },
  { packages: ['rubygems:omniauth-govuk-one-login', 'rubygems:govuk_one_login', 'npm:govuk-one-login', 'nuget:govuk.onelogin.aspnetcore'], path: ['auth', 'providers'], value: 'gov-uk-one-login' },
  { packages: ['rubygems:omniauth-dfe-sign-in', 'rubygems:dfe-sign-in', 'npm:dfe-signin', 'nuget:dfe.signin'], path: ['auth', 'providers'], value: 'dfe-sign-in' },
  { packages: ['rubygems:omniauth_openid_connect', 'npm:openid-client', 'nuget:microsoft.aspnetcore.authentication.openidconnect', 'pypi:authlib'], path: ['auth', 'protocol'], value: 'oidc' },
  { packages: ['npm:govuk-frontend', 'rubygems:govuk-components', 'rubygems:govuk_design_system_formbuilder', 'nuget:govuk.frontend.aspnetcore'], path: ['frontend', 'design_system'], value: 'govuk-frontend' },
  { packages: ['npm:dfe-frontend', 'npm:dfe-frontend-alpha'], path: ['frontend', 'design_system'], value: 'dfe-frontend' },
  { packages: ['rubygems:sentry-ruby', 'rubygems:sentry-rails', 'npm:@sentry/node', 'nuget:sentry.aspnetcore', 'pypi:sentry-sdk'], path: ['monitoring', 'error_reporting'], value: 'sentry' },
];

const BY_PACKAGE = new Map(LIBRARIES.flatMap((lib) => lib.packages.map((p) => [p, lib] as const)));

/** Sign-in services' issuer hosts, as configuration files name them. */
const ISSUERS: Array<[string, string]> = [
  ['oidc.signin.education.gov.uk', 'dfe-sign-in'],
  ['pp-oidc.signin.education.gov.uk', 'dfe-sign-in'],
  ['oidc.account.gov.uk', 'gov-uk-one-login'],
  ['oidc.integration.account.gov.uk', 'gov-uk-one-login'],
];

async function fromDependencies(file: RepositoryFile): Promise<Fact[]> {
  return (await dependencies(file)).flatMap((dep) => {
    const lib = BY_PACKAGE.get(`${dep.ecosystem}:${dep.name.toLowerCase()}`);
    return lib ? [{ path: lib.path, value: lib.value, evidence: { file: file.path, line: dep.line, collector: NAME, detail: `uses ${dep.name}` } }] : [];
  });
}

/** String values in configuration naming a sign-in service's issuer. */
async function fromConfiguration(file: RepositoryFile): Promise<Fact[]> {
  const strings: Array<{ value: string; line: number }> = [];
  if (file.path.endsWith('.json')) {
    const walk = (node: unknown, depth: number): void => {
      if (depth > 32) return;
      if (typeof node === 'string') strings.push({ value: node, line: lineOf(file.text, node) });
      else if (node && typeof node === 'object') for (const v of Object.values(node)) walk(v, depth + 1);
    };
    walk(parseJsonFile(file), 0);
  } else {
    for (const pair of parseYamlFile(file).pairs) if (typeof pair.value === 'string') strings.push({ value: pair.value, line: pair.line });
  }
  return strings.flatMap(({ value, line }) => {
    const issuer = ISSUERS.find(([host]) => value.includes(`//${host}`) || value === host);
    return issuer ? [{ path: ['auth', 'providers'], value: issuer[1], evidence: { file: file.path, line, collector: NAME, detail: `sign-in issuer ${issuer[0]}` } }] : [];
  });
}

const CONFIGURATION = ['config/settings.yml', 'config/default.json', 'config/production.json', 'config/settings/*.yml', '**/appsettings*.json'];

export const services: Collector = {
  name: NAME,
  files: [...DEPENDENCY_FILES, ...CONFIGURATION],
  hints: {
    '$.notifications.email': 'a GOV.UK Notify (or other email) client library in the lockfile',
    '$.payments.provider': 'a GOV.UK Pay client library in the lockfile',
    '$.auth.providers': 'a One Login or DfE Sign-in client library, or its issuer in configuration',
    '$.auth.protocol': 'an OpenID Connect client library in the lockfile',
    '$.frontend.design_system': 'govuk-frontend (or its components) in the lockfile',
    '$.monitoring.error_reporting': 'an error reporting client (e.g. Sentry) in the lockfile',
  },
  collect(file) {
    const name = file.path.split('/').pop() ?? '';
    const isConfig = file.path.startsWith('config/') || /^appsettings.*\.json$/.test(name);
    return isConfig ? fromConfiguration(file) : fromDependencies(file);
  },
  /** package.json and its lockfile name the same library; one citation each is enough. */
  conclude(facts) {
    const seen = new Set<string>();
    return facts.filter((f) => {
      const key = `${f.path.join('.')}=${String(f.value)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
};
