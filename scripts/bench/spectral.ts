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
import { Document, type Spectral } from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { parse, stringify } from 'yaml';
import { formatPath, type Artefact, type Evaluation, type Rule } from '../../src/index.js';
import { generateManifests, seededRandom } from './generate.js';
import { schema } from '@stoplight/spectral-functions';
import { MIRRORS, mirrorKey, SEVERITY, thens, type Mirror } from './spectral-ruleset.js';

export { createSpectral, MIRRORS, mirrorKey, spectralRuleset, usesSchema, type Mirror } from './spectral-ruleset.js';

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
