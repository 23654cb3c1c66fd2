// The engine: a manifest, a set of artefacts and the exemptions in force, in; every verdict out.
// Pure apart from the clock it is given.
import type { Evaluation, Exemption, ResultStatus, RuleResult, Severity, SourceLocation, StatusCounts } from '../types.js';
import { RESULT_STATUSES } from '../types.js';
import type { Artefact, Rule } from '../artefacts/model.js';
import { isUndecided } from '../artefacts/keywords.js';
import type { Manifest } from '../manifest/load.js';
import { formatPath, type CompiledPath, type Match, type Segment } from '../paths/jsonpath.js';
import { calendarDate, DEFAULT_TIME_ZONE, systemClock, type Clock } from '../time/clock.js';
import { errorSegments } from '../schema/ajv.js';
import { applyExemptions } from './exemptions.js';
import { Coverage, findGaps } from './gaps.js';
import { isPresent } from './present.js';
import { explainError, renderMessage } from './message.js';

export interface EvaluateOptions {
  clock?: Clock;
  /** Evaluate as of this calendar date instead of the clock's. */
  today?: string;
  timeZone?: string;
  exemptions?: readonly Exemption[];
  /** owner/repo of the design: exemptions granted to another repository do not apply. */
  repository?: string;
}

const DOMAIN_KEYWORDS = new Set(['maxAge', 'notPast', 'notWithin', 'minVersion', 'endOfSupport']);
const FAILING: Record<Severity, ResultStatus> = { must: 'fail', should: 'warn', may: 'notice' };

export function evaluate(manifest: Manifest, artefacts: readonly Artefact[], options: EvaluateOptions = {}): Evaluation {
  const today = options.today ?? calendarDate((options.clock ?? systemClock).now(), options.timeZone ?? DEFAULT_TIME_ZONE);
  const inUse = artefacts.filter((a) => a.status !== 'retired' && !a.switchedOff && a.profile === manifest.profile);
  const results: RuleResult[] = [];
  const covered = new Coverage();
  const match = matcherFor(manifest.data);
  const evaluated = new Set<Artefact>();
  for (const artefact of inUse) {
    artefact.context.today = today;
    if (evaluateArtefact(manifest, artefact, results, covered, match)) evaluated.add(artefact);
  }

  const exemptions = (options.exemptions ?? []).filter((e) => !e.repository || !options.repository || e.repository.toLowerCase() === options.repository.toLowerCase());
  const closable = exemptions.length === 0 ? [] : applyExemptions(results, exemptions, (id) => inUse.find((a) => a.id === id)?.exemptable ?? true, today);

  const summary = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of results) summary[r.status]++;
  return {
    ok: summary.fail + summary['exemption-expired'] + summary.error === 0,
    manifest: manifest.file,
    profile: manifest.profile,
    evaluatedAt: today,
    summary,
    results,
    gaps: findGaps(manifest, inUse, covered, evaluated),
    closable,
    problems: [],
    artefacts: inUse.map((a) => a.summary),
    overrides: artefacts.filter((a) => a.profile === manifest.profile).flatMap((a) => a.overrides ?? []),
  };
}

/** Many rules share a `given`; within one evaluation each path is walked once. */
type Matcher = (path: CompiledPath) => Match[];

function matcherFor(root: unknown): Matcher {
  const seen = new Map<string, Match[]>();
  return (path) => {
    let matches = seen.get(path.expression);
    if (!matches) seen.set(path.expression, (matches = path.evaluate(root)));
    return matches;
  };
}

function inScope(artefact: Artefact, root: Record<string, unknown>, match: Matcher): boolean {
  const { given, when } = artefact.scope;
  if (given.length > 0 && !given.some((path) => match(path).some((m) => isPresent(m.value)))) return false;
  return when ? (when(root) as boolean) : true;
}

/** Adds the artefact's results; returns true when it was in scope (its targets then went into `covered`). */
function evaluateArtefact(manifest: Manifest, artefact: Artefact, out: RuleResult[], covered: Coverage, match: Matcher): boolean {
  const root = manifest.data;
  let applies: boolean;
  try {
    applies = inScope(artefact, root, match);
  } catch (error) {
    out.push(result(artefact, '*', 'error', artefact.severity, '$', `The artefact could not be evaluated: ${reason(error)}`));
    return false;
  }
  const draft = artefact.status === 'draft';
  for (const rule of inIdOrder(artefact)) {
    const severity = draft ? 'may' : rule.severity;
    if (!applies) {
      out.push(result(artefact, rule.id, 'not-applicable', severity, rule.givenText, artefact.outOfScopeMessage));
      continue;
    }
    try {
      if (rule.when && !rule.when(root)) {
        out.push(result(artefact, rule.id, 'not-applicable', severity, rule.givenText, rule.notApplicableMessage));
        continue;
      }
      const targets = matchesOf(rule, match);
      if (targets.length === 0) {
        out.push(result(artefact, rule.id, 'not-applicable', severity, rule.givenText, rule.nothingMessage));
        continue;
      }
      for (const target of targets) {
        if (artefact.status === 'published') covered.add(target.segments);
        out.push(
          rule.assert(target.value)
            ? result(artefact, rule.id, 'pass', severity, target.path, rule.passMessage)
            : failure(manifest, artefact, rule, target, severity, draft ? 'notice' : FAILING[severity]),
        );
      }
    } catch (error) {
      out.push(result(artefact, rule.id, 'error', severity, rule.givenText, `The rule could not be evaluated: ${reason(error)}`));
    }
  }
  if (applies && artefact.status === 'published') {
    for (const path of artefact.scope.given) for (const m of match(path)) covered.add(m.segments);
  }
  return applies;
}

const idOrder = new WeakMap<Artefact, readonly Rule[]>();

/** An artefact's rules by id: results then come out in the order reports list them, with no sorting to do. */
function inIdOrder(artefact: Artefact): readonly Rule[] {
  let rules = idOrder.get(artefact);
  if (!rules) {
    rules = [...artefact.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    idOrder.set(artefact, rules);
  }
  return rules;
}

// One constructor for every result keeps their shape identical, which keeps the hot loop fast.
function result(artefact: Artefact, rule: string, status: ResultStatus, severity: Severity, path: string, message: string, location?: SourceLocation): RuleResult {
  // `location` is always present (undefined when unknown), so every result has one hidden class.
  return { artefact: artefact.id, artefactTitle: artefact.title, rule, status, severity, path, message, source: artefact.source, location };
}

function matchesOf(rule: Rule, match: Matcher): Match[] {
  if (rule.given.length === 1) return match(rule.given[0]!);
  const seen = new Set<string>();
  const all: Match[] = [];
  for (const path of rule.given) {
    for (const found of match(path)) {
      if (!seen.has(found.path)) {
        seen.add(found.path);
        all.push(found);
      }
    }
  }
  return all;
}

function failure(manifest: Manifest, artefact: Artefact, rule: Rule, target: Match, severity: Severity, status: ResultStatus): RuleResult {
  const error = rule.assert.errors?.[0];
  const inner: Segment[] = error ? errorSegments(error) : [];
  const missing = error?.keyword === 'required' ? String((error.params as { missingProperty: string }).missingProperty) : undefined;
  const segments = [...target.segments, ...inner, ...(missing === undefined ? [] : [missing])];
  const path = formatPath(segments);
  // A missing property has no value of its own: {{value}} says it is not set, not what its parent holds.
  const value = missing === undefined ? valueAt(target.value, inner) : undefined;
  const why = explainError(error);
  // A check that could not decide says why in its own words; the rule's message is about failing.
  if (isUndecided(error)) return result(artefact, rule.id, 'unknown', severity, path, why, manifest.locate(segments));
  // The domain keywords explain themselves in full sentences; JSON Schema's own need the path.
  const sentence = error && DOMAIN_KEYWORDS.has(error.keyword) ? why : `${path} ${why}`;
  const message = rule.message
    ? renderMessage(rule.message, { value, path, segments, error: why })
    : `${rule.description ? `${rule.description}: ` : ''}${sentence}`;
  return result(artefact, rule.id, status, severity, path, message, manifest.locate(segments));
}

function valueAt(value: unknown, segments: readonly Segment[]): unknown {
  let node = value;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[s as string];
  }
  return node;
}

function reason(error: unknown): string {
  if (error instanceof RangeError) return 'the design is too deeply nested to evaluate';
  return error instanceof Error ? error.message : String(error);
}
