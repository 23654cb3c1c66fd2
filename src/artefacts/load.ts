// Loading artefacts: each file is parsed, checked against the artefact schema, and compiled once
// (paths and assertions). A broken artefact is reported with its file and line and left out;
// it never stops the others from loading.
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import type { InputProblem, Severity } from '../types.js';
import { compilePath, type CompiledPath, type Segment } from '../paths/jsonpath.js';
import type { Locator, SourceFile } from '../source.js';
import { parseYaml } from '../yaml/parse.js';
import { createAjv, describeError, errorSegments } from '../schema/ajv.js';
import { packageFile } from '../package-root.js';
import { formatPath } from '../paths/jsonpath.js';
import { addDomainKeywords, type AssertionContext } from './keywords.js';
import { summarise, type Artefact, type Rule } from './model.js';

export interface ArtefactSet {
  artefacts: Artefact[];
  problems: InputProblem[];
}

let artefactSchema: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!artefactSchema) {
    const schema = JSON.parse(readFileSync(packageFile('schema/artefact.schema.json'), 'utf8')) as object;
    artefactSchema = createAjv({ allErrors: true }).compile(schema);
  }
  return artefactSchema;
}

/** True for files that hold artefacts (not their tests). */
export function isArtefactFile(path: string): boolean {
  return /\.ya?ml$/i.test(path) && !/\.test\.ya?ml$/i.test(path);
}

export function loadArtefacts(files: readonly SourceFile[]): ArtefactSet {
  const context: AssertionContext = { today: '1970-01-01', tables: {} };
  // Assertions are written by organisations: their patterns must not be able to stall a check.
  const ajv = createAjv({ strictSchema: true, linearPatterns: true });
  addDomainKeywords(ajv, context);
  const artefacts: Artefact[] = [];
  const problems: InputProblem[] = [];
  const seen = new Map<string, string>();

  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const outcome = parseYaml(file);
    if (!outcome.ok) {
      problems.push(outcome.problem);
      continue;
    }
    const { data, locate } = outcome.parsed;
    const found = problemsOf(file.path, data, locate);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const definition = data as Record<string, unknown>;
    const id = definition.id as string;
    const previous = seen.get(id);
    if (previous) {
      problems.push({ ...at(locate, ['id'], file.path), message: `duplicate artefact id "${id}" (also defined in ${previous}); ids must be unique`, level: 'error' });
      continue;
    }
    try {
      const artefact = compileArtefact(file.path, definition, locate, context, ajv);
      artefact.summary = summarise(artefact);
      artefacts.push(artefact);
      seen.set(id, file.path);
    } catch (error) {
      const { segments, message } = error as CompileError;
      problems.push({ ...at(locate, segments ?? [], file.path), message: message ?? String(error), level: 'error' });
    }
  }
  return { artefacts: artefacts.sort((a, b) => a.id.localeCompare(b.id)), problems };
}

function problemsOf(file: string, data: unknown, locate: Locator): InputProblem[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return [{ file, line: 1, column: 1, message: 'an artefact must be a YAML mapping (id, title, rules, ...)', level: 'error' }];
  }
  const validate = schemaValidator();
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
  segments?: Segment[];
  message?: string;
}

function fail(segments: Segment[], message: string): never {
  throw { segments, message } satisfies CompileError;
}

function compileArtefact(file: string, def: Record<string, unknown>, locate: Locator, context: AssertionContext, ajv: ReturnType<typeof createAjv>): Artefact {
  const scope = (def.scope ?? {}) as { description?: string; given?: string | string[]; when?: object | boolean };
  const tables = (def.tables ?? {}) as AssertionContext['tables'];
  const compileSchema = (schema: object | boolean, segments: Segment[]): ValidateFunction => {
    context.tables = tables;
    try {
      return ajv.compile(schema);
    } catch (error) {
      return fail(segments, `${formatPath(segments)}: not a valid assertion: ${(error as Error).message}`);
    }
  };
  const paths = (value: string | string[] | undefined, segments: Segment[]): CompiledPath[] =>
    (value === undefined ? [] : Array.isArray(value) ? value : [value]).map((expression, i) => {
      try {
        return compilePath(expression);
      } catch (error) {
        return fail(Array.isArray(value) ? [...segments, i] : segments, (error as Error).message);
      }
    });

  const severity = def.severity as Severity;
  const rules: Rule[] = Object.entries(def.rules as Record<string, Record<string, unknown>>).map(([id, rule]) => {
    const base: Segment[] = ['rules', id];
    const location = locate(base);
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
      severity: (rule.severity as Severity | undefined) ?? severity,
      message: rule.message as string | undefined,
      location: location ? { ...location, file } : undefined,
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
