// The peer comparison for `npm run bench`: a slice of the built-in library written as a Stoplight
// Spectral ruleset, the same slice run by assure's engine, and manifests that break it often enough
// for the two tools' findings to be compared.
//
// Each Spectral rule mirrors one assure rule and uses exactly that rule's `given`. Rules were chosen
// from artefacts that have no `when` (neither on the artefact nor on the rule), because Spectral has
// no equivalent of a scope condition; an artefact's scope paths are always declared in the manifests
// used here, so scope never hides a rule on one side only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, Spectral, type RuleDefinition, type RulesetDefinition } from '@stoplight/spectral-core';
import { defined, enumeration, pattern, schema } from '@stoplight/spectral-functions';
import Parsers from '@stoplight/spectral-parsers';
import { parse, stringify } from 'yaml';
import { formatPath, type Artefact, type Evaluation, type Rule } from '../../src/index.js';
import { generateManifests, seededRandom } from './generate.js';

type Then = Exclude<RuleDefinition['then'], readonly unknown[]>;

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

const SEVERITY: Record<'must' | 'should', Mirror['severity']> = { must: 'error', should: 'warn' };

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

const thens = (mirror: Mirror): Then[] => (Array.isArray(mirror.then) ? mirror.then : [mirror.then]);

/** Rules written with Spectral's `schema` function (which compiles its schema again for every document). */
export const usesSchema = (mirror: Mirror): boolean => thens(mirror).some((t) => t.function === schema);

export const mirrorKey = (artefact: string, rule: string): string => `${artefact}/${rule}`;

export function spectralRuleset(include: (mirror: Mirror) => boolean = () => true): RulesetDefinition {
  const rules: Record<string, RuleDefinition> = {};
  for (const m of MIRRORS.filter(include)) rules[m.name] = { given: m.given, severity: m.severity, then: m.then };
  return { rules };
}

export function createSpectral(include?: (mirror: Mirror) => boolean): Spectral {
  const spectral = new Spectral();
  spectral.setRuleset(spectralRuleset(include));
  return spectral;
}

/** Spectral's parsing alone: the document its rules then run on. */
export function spectralDocument(text: string): SpectralDocument {
  return new Document(text, Parsers.Yaml);
}

type SpectralDocument = Document<unknown, ReturnType<typeof Parsers.Yaml.parse>>;

/** Spectral's whole path: YAML text in, its findings out. */
export function lintWithSpectral(spectral: Spectral, text: string): ReturnType<Spectral['run']> {
  return spectral.run(spectralDocument(text));
}

/** The installed spectral-core's version (its package exports do not include package.json). */
export function spectralVersion(): string {
  const dir = dirname(dirname(createRequire(import.meta.url).resolve('@stoplight/spectral-core')));
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The built-in artefacts cut down to the mirrored rules. Throws when a mirror no longer matches the
 * library: a rule gone, a different `given`, severity or (for the `schema` function) assertion, or a
 * `when` that Spectral cannot express.
 */
export function mirroredSlice(artefacts: readonly Artefact[]): Artefact[] {
  const wanted = new Map<string, Mirror>(MIRRORS.map((m) => [mirrorKey(m.artefact, m.rule), m]));
  const slice: Artefact[] = [];
  const found = new Set<string>();
  for (const artefact of artefacts) {
    const rules: Rule[] = artefact.rules.filter((r) => wanted.has(mirrorKey(artefact.id, r.id)));
    if (rules.length === 0) continue;
    if (artefact.scope.when || artefact.status !== 'published') throw new Error(`${artefact.id} is conditional or not published: Spectral cannot mirror it`);
    for (const rule of rules) {
      const key = mirrorKey(artefact.id, rule.id);
      const mirror = wanted.get(key)!;
      if (rule.when) throw new Error(`${key} has a when: Spectral cannot mirror it`);
      if (rule.givenText !== mirror.given) throw new Error(`${key} is given ${rule.givenText}, its Spectral rule ${mirror.given}`);
      if (rule.severity === 'may' || SEVERITY[rule.severity] !== mirror.severity) throw new Error(`${key} is ${rule.severity}, its Spectral rule ${mirror.severity}`);
      const written = (artefact.definition.rules as Record<string, { assert?: unknown }>)[rule.id]?.assert;
      for (const t of thens(mirror)) {
        if (t.function === schema && !isDeepStrictEqual((t.functionOptions as { schema: unknown }).schema, written)) {
          throw new Error(`${key}: its Spectral schema is not the assertion the artefact states`);
        }
      }
      found.add(key);
    }
    slice.push({ ...artefact, rules });
  }
  const missing = [...wanted.keys()].filter((k) => !found.has(k));
  if (missing.length > 0) throw new Error(`mirrored rules missing from the library: ${missing.join(', ')}`);
  return slice;
}

// Findings, normalised to one form on both sides: `artefact/rule severity $.path`, the severity
// being Spectral's word for it (a failure is an error, a warning a warning). A path is cut back to
// the deepest node that exists in the manifest, which is how Spectral reports a missing property (at
// its parent) while assure names the property itself.

export function closestPath(data: unknown, segments: ReadonlyArray<string | number>): Array<string | number> {
  const out: Array<string | number> = [];
  let node = data;
  for (const raw of segments) {
    if (node === null || typeof node !== 'object') break;
    if (Array.isArray(node)) {
      const index = Number(raw);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) break;
      out.push(index);
      node = node[index];
    } else {
      const key = String(raw);
      if (!Object.prototype.hasOwnProperty.call(node, key)) break;
      out.push(key);
      node = (node as Record<string, unknown>)[key];
    }
  }
  return out;
}

/** Splits a path assure wrote ($.a.b[0]['odd key']) back into segments. */
export function pathSegments(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const step = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/y;
  step.lastIndex = 1;
  for (let m = step.exec(path); m; m = step.exec(path)) {
    segments.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!.replace(/\\(.)/g, '$1')));
  }
  return segments;
}

const FINDING: Partial<Record<string, Mirror['severity']>> = { fail: 'error', warn: 'warn' };
const SPECTRAL_SEVERITY = ['error', 'warn', 'info', 'hint'];

export function assureFindings(evaluation: Evaluation, data: unknown): Set<string> {
  const out = new Set<string>();
  for (const r of evaluation.results) {
    // A fact the rule needs and nobody gave is assure's `unknown`; Spectral reports it as the rule's finding.
    const severity = r.status === 'unknown' ? (r.countsAs === 'fail' ? 'error' : r.countsAs === 'warn' ? 'warn' : undefined) : FINDING[r.status];
    if (severity) out.add(`${mirrorKey(r.artefact, r.rule)} ${severity} ${formatPath(closestPath(data, pathSegments(r.path)))}`);
  }
  return out;
}

const byName = new Map(MIRRORS.map((m) => [m.name, m]));

export function spectralFindings(results: Awaited<ReturnType<Spectral['run']>>, data: unknown): Set<string> {
  const out = new Set<string>();
  for (const r of results) {
    const mirror = byName.get(String(r.code));
    const rule = mirror ? mirrorKey(mirror.artefact, mirror.rule) : `(spectral ${String(r.code)}: ${r.message})`;
    out.add(`${rule} ${SPECTRAL_SEVERITY[r.severity] ?? r.severity} ${formatPath(closestPath(data, r.path))}`);
  }
  return out;
}

/**
 * The generated manifests with deterministic edits that break the mirrored rules (and some that
 * put right what the generator always gets wrong), so both tools have plenty to find and some rules
 * pass where others fail. Every edit keeps the manifest valid against the manifest schema.
 */
export function violatingManifests(count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const chance = (p: number): boolean => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return generateManifests(count).map((text, i) => {
    const m = parse(text) as Mapping;
    const [auth, network, source, ci, secrets, data, notifications, monitoring, hosting] = (
      ['auth', 'network', 'source', 'ci', 'secrets', 'data', 'notifications', 'monitoring', 'hosting'] as const
    ).map((key) => m[key] as Mapping) as [Mapping, Mapping, Mapping, Mapping, Mapping, Mapping, Mapping, Mapping, Mapping];
    const stores = m.data_stores as Mapping[];
    const environments = m.environments as Mapping[];
    if (chance(0.1)) delete auth.protocol;
    if (chance(0.1)) delete network.tls_min_version;
    if (chance(0.05)) delete m.network;
    if (chance(0.4)) {
      m.integrations = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, n) => {
        const integration: Mapping = { name: `integration ${n}` };
        if (chance(0.8)) integration.transport = pick(['https', 'https', 'tls', 'http', 'ftp']);
        return integration;
      });
    }
    if (chance(0.3)) m.containers = { registry: pick(['ghcr', 'acr', 'quay', 'dockerhub']) };
    if (chance(0.1)) stores[0]!.engine = pick(['oracle', 'sqlite', 'cosmosdb']);
    if (chance(0.15)) delete stores[stores.length - 1]!.backups;
    const backups = stores[0]!.backups as Mapping | undefined;
    if (backups && chance(0.1)) delete backups.frequency;
    if (chance(0.3)) source.licence_file = 'LICENCE';
    if (chance(0.1)) source.licence = pick(['Apache-2.0', 'OGL-UK-3.0']);
    if (chance(0.1)) delete source.licence;
    if (chance(0.1)) source.repository = pick([`${String(source.repository)}_old`, 'Legacy.Repo', 'UPPER-case']);
    if (chance(0.08)) source.host = pick(['gitlab', 'azure-repos']);
    if (chance(0.08)) delete source.org;
    if (chance(0.05)) delete source.host;
    if (chance(0.1)) ci.platform = pick(['jenkins', 'circleci', 'azure-devops']);
    if (chance(0.1)) (ci.security as Mapping).sast = pick(['none', 'snyk']);
    if (chance(0.05)) delete ci.security;
    if (chance(0.1)) delete secrets.store;
    if (chance(0.1)) secrets.store = pick(['env-file', 'hashicorp-vault']);
    if (chance(0.05)) delete secrets.in_source;
    if (chance(0.1)) delete data.classification;
    if (chance(0.1)) notifications.sms = pick(['twilio', 'gov-uk-notify', null]);
    if (chance(0.05)) delete monitoring.siem;
    if (chance(0.1)) delete environments[0]!.replicas;
    if (chance(0.1)) environments.push({ name: 'dr', production: true, replicas: pick([1, 2]) });
    if (chance(0.1)) hosting.regions = ['uk-south', pick(['uk-west', 'north-europe', 'east-us'])];
    return `# design manifest ${i} (edited to break the mirrored rules)\n${stringify(m)}`;
  });
}

type Mapping = Record<string, unknown>;
