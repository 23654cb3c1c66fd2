// Loading artefacts: each file is parsed, checked against the artefact schema, and compiled once
// (paths and assertions). A broken artefact is reported with its file and line and left out;
// it never stops the others from loading.
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { AppliedOverride, InputProblem, Profile, Severity } from '../types.js';
import { compilePath, type CompiledPath, type Segment } from '../paths/jsonpath.js';
import type { Locator, SourceFile } from '../source.js';
import { parseArtefactFile } from './snapshot.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { assertionKey, shippedAssertion, wrapStandalone } from './assertions.js';
import type { AssertionCache } from './compiled-cache.js';
import { contentHash } from '../schema/precompiled.js';
import { packageVersion } from '../package-root.js';
import { createAjv, describeError, errorSegments } from '../schema/ajv.js';
import { schemaValidator } from '../schema/precompiled.js';
import { formatPath } from '../paths/jsonpath.js';
import { addDomainKeywords, domainRuntime, type AssertionContext } from './keywords.js';
import { summarise, type Artefact, type Rule } from './model.js';
import { applyRulesets, isRulesetFile, parseRuleset, replacementsOf, type Ruleset } from './ruleset.js';
import { compareText } from '../compare.js';

export interface ArtefactSet {
  artefacts: Artefact[];
  problems: InputProblem[];
  /** What organisation rulesets among the files changed (also carried by the artefacts changed). */
  overrides: AppliedOverride[];
}


/** True for files that hold artefacts (not their tests). */
export function isArtefactFile(path: string): boolean {
  return /\.ya?ml$/i.test(path) && !/\.test\.ya?ml$/i.test(path);
}

export interface LoadOptions {
  /**
   * Compile only the artefacts of this profile: evaluation of a manifest uses no others, so a service
   * never pays for the school rules. The others are still read and checked, and their problems reported.
   */
  profile?: Profile;
  /** Where an organisation's compiled assertions are kept between processes (src/artefacts/compiled-cache.ts). */
  cache?: AssertionCache;
}

// ajv's standalone module is CommonJS; under NodeNext its default export arrives as `.default`.
const standaloneCode = standaloneCodeModule.default;

/** What one artefact's assertions were compiled from: the cache key of its generated code. */
function compiledKey(def: Record<string, unknown>, version: string): string {
  const scope = (def.scope ?? {}) as { when?: unknown };
  const rules = Object.values((def.rules ?? {}) as Record<string, { when?: unknown; assert?: unknown }>).map((r) => [r.when ?? null, r.assert ?? null]);
  return `a${contentHash('compiled-assertions', version, JSON.stringify([scope.when ?? null, rules, def.tables ?? {}])).slice(0, 40)}`;
}

/**
 * The compiled assertions of one artefact: those in the cache (read the first time an assertion is not
 * among the shipped ones, so the built-in library never touches the disk), and those compiled afresh.
 */
interface ArtefactCompilation {
  cached?: () => Record<string, ValidateFunction> | undefined;
  fresh: Map<string, object | boolean>;
}

export function loadArtefacts(files: readonly SourceFile[], options: LoadOptions = {}): ArtefactSet {
  const context: AssertionContext = { today: '1970-01-01', tables: {} };
  // Assertions are written by organisations: their patterns must not be able to stall a check.
  // Made the first time an assertion is not among the shipped ones.
  let firstErrorAjv: Ajv2020 | undefined;
  const ajv = (): Ajv2020 => {
    if (!firstErrorAjv) {
      // With a cache, each validator keeps its code, so it can be written out as standalone code.
      firstErrorAjv = createAjv({ strictSchema: true, linearPatterns: true, source: options.cache !== undefined });
      addDomainKeywords(firstErrorAjv, context);
    }
    return firstErrorAjv;
  };
  let everyError: Ajv2020 | undefined;
  const allErrorsAjv = (): Ajv2020 => {
    if (!everyError) {
      everyError = createAjv({ strictSchema: true, allErrors: true, linearPatterns: true });
      addDomainKeywords(everyError, context);
    }
    return everyError;
  };
  const artefacts: Artefact[] = [];
  const problems: InputProblem[] = [];
  const seen = new Map<string, string>();
  let version: string | undefined;
  const rulesets: Ruleset[] = [];
  for (const file of files.filter((f) => isRulesetFile(f.path))) {
    const parsed = parseRuleset(file);
    problems.push(...parsed.problems);
    if (parsed.ruleset) rulesets.push(parsed.ruleset);
  }
  // An artefact a ruleset replaces may be defined twice: the copy in the file the ruleset names is kept.
  const replacements = replacementsOf(rulesets);
  const replaced = new Map<string, { from: string }>();

  for (const file of [...files].filter((f) => !isRulesetFile(f.path)).sort((a, b) => compareText(a.path, b.path))) {
    const outcome = parseArtefactFile(file);
    if (!outcome.ok) {
      problems.push(outcome.problem);
      continue;
    }
    const { data, locate } = outcome.parsed;
    // The shipped library was checked by the build, against this same schema.
    const found = outcome.schemaValid ? [] : problemsOf(file.path, data, locate);
    if (found.length > 0) {
      // Paths and assertions are still compiled, so one run reports every problem in the file.
      problems.push(...found, ...compileProblems(file.path, data, locate, context, ajv, found));
      continue;
    }
    const definition = data as Record<string, unknown>;
    const id = definition.id as string;
    const previous = seen.get(id);
    const replacement = replacements.get(id);
    if (previous && replacement !== undefined && [previous, file.path].some((p) => samePath(p, replacement))) {
      replaced.set(id, { from: replacement });
      if (samePath(previous, replacement)) continue;
      artefacts.splice(artefacts.findIndex((a) => a.id === id), 1);
    } else if (previous) {
      problems.push({ ...at(locate, ['id'], file.path), message: `duplicate artefact id "${id}" (also defined in ${previous}); ids must be unique`, level: 'error' });
      continue;
    }
    if (options.profile && ((definition.profile as Profile | undefined) ?? 'service') !== options.profile) {
      seen.set(id, file.path);
      continue;
    }
    const errors: CompileError[] = [];
    // Worked out only when an assertion was not shipped: a built-in artefact never needs it.
    let key: string | undefined;
    const cacheKey = (): string => (key ??= compiledKey(definition, (version ??= packageVersion())));
    const cache = options.cache;
    let cached: { validators?: Record<string, ValidateFunction> } | undefined;
    const compilation: ArtefactCompilation = { cached: cache ? () => (cached ??= { validators: loadCompiled(cache, cacheKey(), context) }).validators : undefined, fresh: new Map() };
    const artefact = compileArtefact(file.path, definition, locate, context, ajv, errors, allErrorsAjv, compilation);
    if (errors.length > 0) {
      problems.push(...errors.map(({ segments, message }) => ({ ...at(locate, segments, file.path), message, level: 'error' as const })));
      continue;
    }
    if (options.cache && compilation.fresh.size > 0) storeCompiled(options.cache, cacheKey(), ajv(), compilation.fresh);
    artefact.summary = summarise(artefact);
    artefacts.push(artefact);
    seen.set(id, file.path);
  }
  const adapted = rulesets.length === 0 ? { artefacts, overrides: [], problems: [] } : applyRulesets(artefacts, rulesets, replaced);
  problems.push(...adapted.problems);
  return { artefacts: adapted.artefacts.sort((a, b) => compareText(a.id, b.id)), problems, overrides: adapted.overrides };
}

/** The validators stored under `key`, bound to `context`; none when there are none or they do not load. */
function loadCompiled(cache: AssertionCache, key: string, context: AssertionContext): Record<string, ValidateFunction> | undefined {
  try {
    return cache.load(key)?.(domainRuntime(context));
  } catch {
    return undefined; // the cache only saves time
  }
}

/** Writes the assertions compiled afresh as one standalone module; code that cannot be generated is not cached. */
function storeCompiled(cache: AssertionCache, key: string, ajv: Ajv2020, fresh: ReadonlyMap<string, object | boolean>): void {
  try {
    for (const [name, schema] of fresh) if (!ajv.getSchema(name)) ajv.addSchema(schema as object, name);
    cache.store(key, wrapStandalone(standaloneCode(ajv, Object.fromEntries([...fresh.keys()].map((name) => [name, name]))), { requireParameter: true }));
  } catch {
    // the cache only saves time
  }
}

function samePath(a: string, b: string): boolean {
  return a.replace(/\\/g, '/') === b.replace(/\\/g, '/');
}

function problemsOf(file: string, data: unknown, locate: Locator): InputProblem[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return [{ file, line: 1, column: 1, message: 'an artefact must be a YAML mapping (id, title, rules, ...)', level: 'error' }];
  }
  const validate = schemaValidator('artefact');
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => {
    const segments = errorSegments(error);
    const where = error.keyword === 'additionalProperties' ? [...segments, String((error.params as { additionalProperty: string }).additionalProperty)] : segments;
    return { ...at(locate, where, file), message: `${formatPath(where)}: ${describeError(error)}`, level: 'error' as const };
  });
}

function at(locate: Locator, segments: readonly Segment[], file: string): { file: string; line?: number; column?: number } {
  const location = locate(segments);
  return { file, line: location?.line, column: location?.column };
}

interface CompileError {
  segments: Segment[];
  message: string;
}

/** The compile problems of an artefact that also breaks the schema; what cannot be compiled at all adds nothing. */
function compileProblems(file: string, data: unknown, locate: Locator, context: AssertionContext, ajv: () => Ajv2020, already: readonly InputProblem[]): InputProblem[] {
  const errors: CompileError[] = [];
  try {
    compileArtefact(file, data as Record<string, unknown>, locate, context, ajv, errors, ajv);
  } catch {
    // The shape is too broken to compile; the schema problems already say why.
  }
  return errors
    .map(({ segments, message }) => ({ ...at(locate, segments, file), message, level: 'error' as const }))
    .filter((p) => !already.some((q) => q.line === p.line && q.column === p.column));
}

/** ajv's complaints about an assertion, in words an author can act on. */
function assertionProblem(path: string, error: Error): string {
  const text = error.message;
  const unknownKeyword = /unknown keyword: "([^"]+)"/.exec(text)?.[1];
  if (unknownKeyword) return `${path}: "${unknownKeyword}" is not a keyword an assertion can use; check its spelling (JSON Schema's keywords, or maxAge, notPast, notWithin, minVersion, endOfSupport)`;
  if (/type must be JSON type/.test(text) || /\/type must be equal to one of the allowed values/.test(text)) return `${path}: "type" must be one of string, number, integer, boolean, object, array, null`;
  const invalid = /^schema is invalid: data(\S*) (.+?)(,|$)/.exec(text);
  if (invalid) return `${path}${invalid[1] ? ` at ${invalid[1].slice(1).replace(/\//g, '.')}` : ''}: ${invalid[2]} (it must be JSON Schema)`;
  return `${path}: not a valid assertion (${text})`;
}

function compileArtefact(
  file: string,
  def: Record<string, unknown>,
  locate: Locator,
  context: AssertionContext,
  ajv: () => Ajv2020,
  errors: CompileError[],
  allErrorsAjv: () => Ajv2020,
  compilation: ArtefactCompilation = { fresh: new Map() },
): Artefact {
  const fail = (segments: Segment[], message: string): void => void errors.push({ segments, message });
  const never = (() => false) as unknown as ValidateFunction;
  const scope = (def.scope ?? {}) as { description?: string; given?: string | string[]; when?: object | boolean };
  const tables = (def.tables ?? {}) as AssertionContext['tables'];
  const compileSchema = (schema: object | boolean, segments: Segment[]): ValidateFunction => {
    const shipped = shippedAssertion(schema, context, tables);
    if (shipped) return shipped;
    const key = assertionKey(schema, tables);
    const loaded = compilation.cached?.()?.[key];
    if (loaded) return loaded;
    context.tables = tables;
    try {
      const validate = ajv().compile(schema);
      compilation.fresh.set(key, schema);
      return validate;
    } catch (error) {
      fail(segments, assertionProblem(formatPath(segments), error as Error));
      return never;
    }
  };
  const paths = (value: string | string[] | undefined, segments: Segment[]): CompiledPath[] =>
    (value === undefined ? [] : Array.isArray(value) ? value : [value]).flatMap((expression, i) => {
      try {
        return [compilePath(expression)];
      } catch (error) {
        fail(Array.isArray(value) ? [...segments, i] : segments, (error as Error).message);
        return [];
      }
    });

  const severity = def.severity as Severity;
  const rules: Rule[] = Object.entries(def.rules as Record<string, Record<string, unknown>>).map(([id, rule]) => {
    const base: Segment[] = ['rules', id];
    const given = paths(rule.given as string | string[], [...base, 'given']);
    const description = rule.description as string | undefined;
    return {
      id,
      description,
      given,
      givenText: given[0]?.expression ?? '$',
      passMessage: description ?? `Meets ${id}`,
      notApplicableMessage: `Does not apply to this design${description ? `: ${description}` : ''}`,
      nothingMessage: `Nothing in the design at ${given.map((g) => g.expression).join(', ')}`,
      when: rule.when === undefined ? undefined : compileSchema(rule.when as object, [...base, 'when']),
      assert: compileSchema(rule.assert as object, [...base, 'assert']),
      assertAll: lazily(() => {
        context.tables = tables;
        return allErrorsAjv().compile(rule.assert as object);
      }),
      severity: (rule.severity as Severity | undefined) ?? severity,
      message: rule.message as string | undefined,
    };
  });

  return {
    id: def.id as string,
    title: def.title as string,
    kind: def.kind as Artefact['kind'],
    category: (def.category as string | undefined) ?? 'general',
    owner: def.owner as string,
    status: def.status as Artefact['status'],
    version: String(def.version),
    reviewBy: def.review_by as string,
    source: def.source as string,
    severity,
    exemptable: def.exemptable as boolean,
    profile: (def.profile as Artefact['profile'] | undefined) ?? 'service',
    file,
    scope: {
      description: scope.description,
      given: paths(scope.given, ['scope', 'given']),
      when: scope.when === undefined ? undefined : compileSchema(scope.when as object, ['scope', 'when']),
    },
    covers: [...paths(def.covers as string[] | undefined, ['covers']), ...impliedCoverage(scope, def.rules as Record<string, Record<string, unknown>>)],
    outOfScopeMessage: `Out of scope${scope.description ? `: ${scope.description}` : ''}`,
    rationale: def.rationale as string | undefined,
    remediation: def.remediation as string | undefined,
    rules,
    definition: def,
    context,
    summary: undefined as never,
  };
}

/**
 * A rule that looks at the whole manifest (`given: $`) or a scope that tests it (`when`) still covers
 * the parts its schema names: `required: [auth]` with `properties.auth.properties.providers` covers
 * $.auth.providers. Two levels deep, which is where the design's parts are.
 */
function impliedCoverage(scope: { when?: unknown }, rules: Record<string, Record<string, unknown>>): CompiledPath[] {
  const found = new Set<string>();
  const visit = (schema: unknown, trail: string[]): void => {
    if (schema === null || typeof schema !== 'object' || trail.length >= 2) return;
    const s = schema as { properties?: Record<string, unknown>; required?: unknown; anyOf?: unknown; allOf?: unknown; oneOf?: unknown; if?: unknown; then?: unknown; else?: unknown };
    const keys = new Set<string>([...Object.keys(s.properties ?? {}), ...(Array.isArray(s.required) ? (s.required as unknown[]).filter((k): k is string => typeof k === 'string') : [])]);
    for (const key of keys) {
      const next = [...trail, key];
      found.add(formatPath(next));
      visit(s.properties?.[key], next);
    }
    for (const branch of [s.anyOf, s.allOf, s.oneOf]) if (Array.isArray(branch)) for (const b of branch) visit(b, trail);
    for (const branch of [s.if, s.then, s.else]) visit(branch, trail);
  };
  visit(scope.when, []);
  for (const rule of Object.values(rules)) {
    const given = Array.isArray(rule.given) ? rule.given : [rule.given];
    if (given.includes('$')) visit(rule.assert, []);
    visit(rule.when, []);
  }
  return [...found].map((p) => compilePath(p));
}

function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
