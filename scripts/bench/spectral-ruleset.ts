// The mirrored ruleset: each Spectral rule mirrors one assure rule, with exactly that rule's `given`.
// Kept apart from the comparison (spectral.ts) so that a process linting with Spectral loads Spectral
// and this ruleset, and nothing of assure.
import { createRequire } from 'node:module';
import { createRulesetFunction, Spectral, type RuleDefinition, type RulesetDefinition } from '@stoplight/spectral-core';
import type { JsonPath } from '@stoplight/types';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { defined, enumeration, pattern, schema } from '@stoplight/spectral-functions';

export type Then = Exclude<RuleDefinition['then'], readonly unknown[]>;

export interface Mirror {
  /** The Spectral rule's name (its `code` in results). */
  name: string;
  artefact: string;
  rule: string;
  given: string;
  severity: 'error' | 'warn';
  /** One or more Spectral functions; a rule with several `then` fails when any of them does. */
  then: Then | Then[];
}

export const SEVERITY: Record<'must' | 'should', Mirror['severity']> = { must: 'error', should: 'warn' };

const oneOf = (field: string | undefined, values: Array<string | boolean | null>): Then =>
  field === undefined ? { function: enumeration, functionOptions: { values } } : { field, function: enumeration, functionOptions: { values } };
const matches = (match: string): Then => ({ function: pattern, functionOptions: { match } });
const jsonSchema = (assertion: object): Then => ({ function: schema, functionOptions: { schema: assertion } });
const has = (...fields: string[]): Then[] => fields.map((field) => ({ field, function: defined }));

/** Assertions copied from the artefacts for the rules written with Spectral's `schema` function. */
const SECURITY_SCANNING_SAST = {
  type: 'object',
  required: ['security'],
  properties: { security: { type: 'object', required: ['sast'], properties: { sast: { enum: ['codeql', 'semgrep', 'sonarcloud', 'sonarqube', 'brakeman', 'bandit', 'gosec', 'snyk-code', 'checkmarx', 'veracode'] } } } },
};
const SECURITY_SCANNING_SECRETS = {
  type: 'object',
  required: ['security'],
  properties: {
    security: { required: ['secret_scanning', 'push_protection'], properties: { secret_scanning: { const: true }, push_protection: { const: true } } },
  },
};

export const MIRRORS: readonly Mirror[] = [
  { name: 'auth-protocol-declared', artefact: 'DFE-ARCH-authentication-protocols', rule: 'protocol-declared', given: '$.auth', severity: 'error', then: has('protocol') },
  { name: 'auth-modern-protocol', artefact: 'DFE-ARCH-authentication-protocols', rule: 'modern-protocol', given: '$.auth.protocol', severity: 'error', then: oneOf(undefined, ['oidc', 'oauth2', 'saml', 'saml2']) },
  { name: 'hosting-prefer-managed', artefact: 'DFE-ARCH-cloud-first', rule: 'prefer-managed', given: '$.hosting.model', severity: 'warn', then: oneOf(undefined, ['saas', 'paas']) },
  { name: 'hosting-not-on-premises', artefact: 'DFE-ARCH-cloud-first', rule: 'not-on-premises', given: '$.hosting.model', severity: 'error', then: { function: pattern, functionOptions: { notMatch: '^on-premises$' } } },
  {
    name: 'tls-declared',
    artefact: 'DFE-ARCH-encryption-in-transit',
    rule: 'tls-declared',
    given: '$',
    severity: 'error',
    then: jsonSchema({ required: ['network'], properties: { network: { required: ['tls_min_version'] } } }),
  },
  { name: 'integration-transport-declared', artefact: 'DFE-ARCH-encryption-in-transit', rule: 'integration-transport-declared', given: '$.integrations[*]', severity: 'error', then: has('transport') },
  { name: 'integrations-encrypted', artefact: 'DFE-ARCH-encryption-in-transit', rule: 'integrations-encrypted', given: '$.integrations[*].transport', severity: 'error', then: oneOf(undefined, ['https', 'tls', 'mtls', 'sftp', 'ftps']) },
  {
    name: 'database-engine-accepted',
    artefact: 'DFE-ARCH-relational-databases',
    rule: 'accepted-engine',
    given: '$.data_stores[*].engine',
    severity: 'warn',
    then: jsonSchema({ type: 'string', not: { enum: ['mysql', 'mariadb', 'oracle', 'sql-server', 'sqlserver', 'mssql', 'db2', 'sybase', 'informix', 'sqlite', 'access'] } }),
  },
  { name: 'siem-enabled', artefact: 'DFE-ARCH-security-monitoring', rule: 'siem', given: '$.monitoring.siem', severity: 'warn', then: oneOf(undefined, [true]) },
  { name: 'ci-platform', artefact: 'DFE-TG-ci-cd-and-registries', rule: 'ci-platform', given: '$.ci.platform', severity: 'warn', then: oneOf(undefined, ['github-actions', 'azure-devops']) },
  { name: 'container-registry', artefact: 'DFE-TG-ci-cd-and-registries', rule: 'registry', given: '$.containers.registry', severity: 'warn', then: oneOf(undefined, ['ghcr', 'dockerhub-dfe', 'acr']) },
  { name: 'core-language', artefact: 'DFE-TG-default-technology-stack', rule: 'core-language', given: '$.languages[*].name', severity: 'warn', then: oneOf(undefined, ['dotnet', 'csharp', 'ruby']) },
  { name: 'core-framework', artefact: 'DFE-TG-default-technology-stack', rule: 'core-framework', given: '$.frameworks[*].name', severity: 'warn', then: oneOf(undefined, ['aspnetcore', 'dotnet', 'rails']) },
  { name: 'data-store-no-public-ip', artefact: 'DFE-TG-disaster-recovery', rule: 'no-public-ip', given: '$.data_stores[*]', severity: 'error', then: oneOf('public_ip', [false]) },
  {
    name: 'data-store-daily-backups',
    artefact: 'DFE-TG-disaster-recovery',
    rule: 'daily-backups',
    given: '$.data_stores[*].backups',
    severity: 'error',
    then: jsonSchema({ required: ['frequency', 'offsite'], properties: { frequency: { enum: ['hourly', 'daily'] }, offsite: { const: true } } }),
  },
  { name: 'hosting-regions', artefact: 'DFE-TG-disaster-recovery', rule: 'regions', given: '$.hosting.regions[*]', severity: 'error', then: oneOf(undefined, ['uk-south', 'uk-west', 'west-europe']) },
  { name: 'repository-name-hyphens', artefact: 'DFE-TG-naming-things', rule: 'hyphens', given: '$.source.repository', severity: 'warn', then: matches('^[a-z0-9]+(-[a-z0-9]+)*$') },
  {
    name: 'secrets-not-in-source',
    artefact: 'DFE-TG-secrets',
    rule: 'not-in-source',
    given: '$.secrets.in_source',
    severity: 'error',
    then: jsonSchema({ const: false }),
  },
  {
    name: 'secrets-approved-store',
    artefact: 'DFE-TG-secrets',
    rule: 'approved-store',
    given: '$.secrets',
    severity: 'error',
    then: jsonSchema({ type: 'object', required: ['store'], properties: { store: { enum: ['azure-key-vault', 'github-secrets'] } } }),
  },
  {
    name: 'secrets-managed-identities',
    artefact: 'DFE-TG-secrets',
    rule: 'managed-identities',
    given: '$.secrets',
    severity: 'warn',
    then: jsonSchema({ type: 'object', required: ['managed_identities'], properties: { managed_identities: { const: true } } }),
  },
  { name: 'scanning-sast', artefact: 'DFE-TG-security-scanning', rule: 'sast', given: '$.ci', severity: 'warn', then: jsonSchema(SECURITY_SCANNING_SAST) },
  { name: 'scanning-secrets', artefact: 'DFE-TG-security-scanning', rule: 'secret-scanning', given: '$.ci', severity: 'warn', then: jsonSchema(SECURITY_SCANNING_SECRETS) },
  {
    name: 'production-replicas',
    artefact: 'DFE-TSC-production-readiness',
    rule: 'replicas',
    given: '$.environments[?(@.production === true)]',
    severity: 'warn',
    then: jsonSchema({ type: 'object', required: ['replicas'], properties: { replicas: { minimum: 2 } } }),
  },
  { name: 'email-via-notify', artefact: 'GOV-mandated-notify', rule: 'email-via-notify', given: '$.notifications.email', severity: 'error', then: oneOf(undefined, ['gov-uk-notify', null]) },
  { name: 'sms-via-notify', artefact: 'GOV-mandated-notify', rule: 'sms-via-notify', given: '$.notifications.sms', severity: 'error', then: oneOf(undefined, ['gov-uk-notify', null]) },
  {
    name: 'api-openapi-3',
    artefact: 'DFE-ARCH-apis',
    rule: 'openapi-3',
    given: '$.apis[*]',
    severity: 'error',
    then: jsonSchema({ type: 'object', required: ['spec'], properties: { spec: { const: 'openapi-3' } } }),
  },
  {
    name: 'data-classified',
    artefact: 'DDTS-data-classification',
    rule: 'classified',
    given: '$.data',
    severity: 'error',
    then: jsonSchema({ type: 'object', required: ['classification'], properties: { classification: { type: 'string' } } }),
  },
];

export const thens = (mirror: Mirror): Then[] => (Array.isArray(mirror.then) ? mirror.then : [mirror.then]);

/** Rules written with Spectral's `schema` function (which compiles its schema again for every document). */
export const usesSchema = (mirror: Mirror): boolean => thens(mirror).some((t) => t.function === schema);

export const mirrorKey = (artefact: string, rule: string): string => `${artefact}/${rule}`;

export function spectralRuleset(include: (mirror: Mirror) => boolean = () => true, cachedValidators = false): RulesetDefinition {
  const rules: Record<string, RuleDefinition> = {};
  const swap = (t: Then): Then => (cachedValidators && t.function === schema ? { ...t, function: cachedSchema } : t);
  for (const m of MIRRORS.filter(include)) rules[m.name] = { given: m.given, severity: m.severity, then: Array.isArray(m.then) ? m.then.map(swap) : swap(m.then as Then) };
  return { rules };
}

export function createSpectral(include?: (mirror: Mirror) => boolean, options: { cachedValidators?: boolean } = {}): Spectral {
  const spectral = new Spectral();
  spectral.setRuleset(spectralRuleset(include, options.cachedValidators));
  return spectral;
}

/**
 * Spectral's `schema` function with one set of ajv instances for the whole process. The shipped one
 * keys its instances by document, so it compiles every schema again for every document it lints;
 * this is the same validation and the same results (better-ajv-errors, as it uses) without that.
 */
const processAjv = (createRequire(import.meta.url)('@stoplight/spectral-functions/dist/schema/ajv.js') as { createAjvInstances: () => (schema: object, dialect: string, allErrors: boolean) => ValidateFunction }).createAjvInstances();
const betterAjvErrors = createRequire(import.meta.url)('@stoplight/better-ajv-errors') as (schema: object, errors: ErrorObject[], options: { propertyPath: JsonPath; targetValue: unknown }) => Array<{ suggestion?: string; error: string; path: string }>;
const cachedSchema = createRulesetFunction<unknown, { schema: object }>({ input: null, options: { type: 'object', properties: { schema: { type: 'object' } }, required: ['schema'] } }, (target, options, { path }) => {
  if (target === undefined) return [{ path, message: 'must exist' }];
  const validator = processAjv(options.schema, 'draft7', false);
  if (validator(target) !== false || !Array.isArray(validator.errors)) return [];
  return betterAjvErrors(options.schema, validator.errors, { propertyPath: path, targetValue: target }).map(({ suggestion, error, path: errorPath }) => ({
    message: suggestion !== undefined ? `${error}. ${suggestion}` : error,
    path: [...path, ...(errorPath !== '' ? errorPath.replace(/^\//, '').split('/') : [])],
  }));
});

