// The engine: a manifest, a set of artefacts and the exemptions in force, in; every verdict out.
// Pure apart from the clock it is given.
import type { Counting, Evaluation, Exemption, ResultStatus, RuleResult, Severity, SourceLocation, StatusCounts } from '../types.js';
import type { EvidenceHint, Observation } from '../evidence/types.js';
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
import { declaredOnly, evidenceLocation, mergeView, type MergedView } from './merge.js';
import { missingFacts, unknownMessage, type MissingFacts } from './unknown.js';
import { contradictionResult } from './contradiction.js';
import { compareText } from '../compare.js';

export interface EvaluateOptions {
  clock?: Clock;
  /** Evaluate as of this calendar date instead of the clock's. */
  today?: string;
  timeZone?: string;
  exemptions?: readonly Exemption[];
  /** owner/repo of the design: exemptions granted to another repository do not apply. */
  repository?: string;
  /** What the repository shows: rules evaluate it where the manifest is silent, and it is held against what is declared. */
  observed?: Observation;
  /** For a fact nobody declared, the file that would show it (named in `unknown` messages). */
  hints?: EvidenceHint;
  /** How an `unknown` result counts, per severity. Default: must -> fail, should -> warn, may -> notice. */
  unknown?: Partial<Record<Severity, Counting>>;
  /** How a `contradiction` counts: fail (default) or warn. */
  contradictions?: 'fail' | 'warn';
}

export const DEFAULT_UNKNOWN: Readonly<Record<Severity, Counting>> = { must: 'fail', should: 'warn', may: 'notice' };

/** Everything one evaluation of one manifest shares across artefacts. */
interface Run {
  manifest: Manifest;
  view: MergedView;
  match: Matcher;
  covered: Coverage;
  out: RuleResult[];
  hints?: EvidenceHint;
  unknown: Record<Severity, Counting>;
}

const DOMAIN_KEYWORDS = new Set(['maxAge', 'notPast', 'notWithin', 'minVersion', 'endOfSupport']);
const FAILING: Record<Severity, ResultStatus> = { must: 'fail', should: 'warn', may: 'notice' };

export function evaluate(manifest: Manifest, artefacts: readonly Artefact[], options: EvaluateOptions = {}): Evaluation {
  const today = options.today ?? calendarDate((options.clock ?? systemClock).now(), options.timeZone ?? DEFAULT_TIME_ZONE);
  const inUse = artefacts.filter((a) => a.status !== 'retired' && !a.switchedOff && a.profile === manifest.profile);
  const results: RuleResult[] = [];
  const covered = new Coverage();
  const view = options.observed ? mergeView(manifest.data, options.observed) : declaredOnly(manifest.data);
  const run: Run = { manifest, view, match: matcherFor(view.data), covered, out: results, hints: options.hints, unknown: { ...DEFAULT_UNKNOWN, ...options.unknown } };
  const evaluated = new Set<Artefact>();
  for (const artefact of inUse) {
    artefact.context.today = today;
    if (evaluateArtefact(run, artefact)) evaluated.add(artefact);
  }
  const contradictionCounts: Counting = options.contradictions === 'warn' ? 'warn' : 'fail';
  for (const d of view.disagreements) results.push(contradictionResult(manifest, d, contradictionCounts));

  const exemptions = (options.exemptions ?? []).filter((e) => !e.repository || !options.repository || e.repository.toLowerCase() === options.repository.toLowerCase());
  const closable = exemptions.length === 0 ? [] : applyExemptions(results, exemptions, (id) => inUse.find((a) => a.id === id)?.exemptable ?? true, today);

  const summary = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as StatusCounts;
  let blocking = 0;
  for (const r of results) {
    summary[r.status]++;
    if (r.countsAs === 'fail' && (r.status === 'unknown' || r.status === 'contradiction')) blocking++;
  }
  return {
    ok: summary.fail + summary['exemption-expired'] + summary.error + blocking === 0,
    manifest: manifest.file,
    profile: manifest.profile,
    evaluatedAt: today,
    summary,
    results,
    gaps: findGaps(manifest, inUse, covered, evaluated, view.data === manifest.data ? run.match : matcherFor(manifest.data)),
    closable,
    problems: [],
    artefacts: inUse.map((a) => a.summary),
    evidenceNotes: options.observed ? [...options.observed.notes] : [],
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
  if (given.length > 0 && !given.some((path) => anyPresent(match(path)))) return false;
  return when ? (when(root) as boolean) : true;
}

function anyPresent(matches: readonly Match[]): boolean {
  for (let i = 0; i < matches.length; i++) if (isPresent(matches[i]!.value)) return true;
  return false;
}

/** Adds the artefact's results; returns true when it was in scope (its targets then went into `covered`). */
function evaluateArtefact(run: Run, artefact: Artefact): boolean {
  const { out, match, covered } = run;
  const root = run.view.data;
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
        if (rule.assert(target.value)) {
          out.push(withOrigin(run, result(artefact, rule.id, 'pass', severity, target.path, rule.passMessage), target.segments));
          continue;
        }
        const missing = missingFacts(rule, target);
        out.push(
          missing
            ? unknown(run, artefact, rule, missing, severity)
            : failure(run, artefact, rule, target, severity, draft ? 'notice' : FAILING[severity]),
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

/** Says where a result's value came from; an observed value is shown where it was seen. */
function withOrigin(run: Run, r: RuleResult, segments: readonly Segment[]): RuleResult {
  const found = run.view.originOf(segments);
  r.origin = found.origin;
  if (found.origin === 'observed') {
    r.evidence = found.evidence;
    r.location = evidenceLocation(found.evidence);
  }
  return r;
}

function unknown(run: Run, artefact: Artefact, rule: Rule, missing: MissingFacts, severity: Severity): RuleResult {
  const first = missing.at;
  const message = unknownMessage(run.view.data, run.manifest.file, rule, missing, run.hints);
  const r = result(artefact, rule.id, 'unknown', severity, formatPath(first), message, run.manifest.locate(first));
  r.countsAs = artefact.status === 'draft' ? 'notice' : run.unknown[severity];
  const parent = run.view.originOf(first.slice(0, -1));
  if (parent.origin === 'observed' && parent.evidence) r.location = evidenceLocation(parent.evidence);
  return r;
}

const idOrder = new WeakMap<Artefact, readonly Rule[]>();

/** An artefact's rules by id: results then come out in the order reports list them, with no sorting to do. */
function inIdOrder(artefact: Artefact): readonly Rule[] {
  let rules = idOrder.get(artefact);
  if (!rules) {
    rules = [...artefact.rules].sort((a, b) => compareText(a.id, b.id));
    idOrder.set(artefact, rules);
  }
  return rules;
}

// One constructor for every result keeps their shape identical, which keeps the hot loop fast.
function result(artefact: Artefact, rule: string, status: ResultStatus, severity: Severity, path: string, message: string, location?: SourceLocation): RuleResult {
  // Optional fields are always present (undefined when not known), so every result has one hidden class.
  return {
    artefact: artefact.id,
    artefactTitle: artefact.title,
    rule,
    status,
    severity,
    path,
    message,
    source: artefact.source,
    location,
    origin: undefined,
    evidence: undefined,
    countsAs: undefined,
    contradiction: undefined,
  };
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

function failure(run: Run, artefact: Artefact, rule: Rule, target: Match, severity: Severity, status: ResultStatus): RuleResult {
  const error = rule.assert.errors?.[0];
  const inner: Segment[] = error ? errorSegments(error) : [];
  const missing = error?.keyword === 'required' ? String((error.params as { missingProperty: string }).missingProperty) : undefined;
  const segments = [...target.segments, ...inner, ...(missing === undefined ? [] : [missing])];
  const path = formatPath(segments);
  // A missing property has no value of its own: {{value}} says it is not set, not what its parent holds.
  const value = missing === undefined ? valueAt(target.value, inner) : undefined;
  const why = explainError(error);
  // A check that could not decide says why in its own words; the rule's message is about failing.
  if (isUndecided(error)) {
    const r = result(artefact, rule.id, 'unknown', severity, path, why, run.manifest.locate(segments));
    r.countsAs = artefact.status === 'draft' ? 'notice' : run.unknown[severity];
    return r;
  }
  // The domain keywords explain themselves in full sentences; JSON Schema's own need the path.
  const sentence = error && DOMAIN_KEYWORDS.has(error.keyword) ? why : `${path} ${why}`;
  const message = rule.message
    ? renderMessage(rule.message, { value, path, segments, error: why, item: enclosingItem(run, target.segments) })
    : `${rule.description ? `${rule.description}: ` : ''}${sentence}`;
  return withOrigin(run, result(artefact, rule.id, status, severity, path, message, run.manifest.locate(segments)), segments);
}

/** The list item a target sits in (a register row, a data store): what {{item.FIELD}} names. */
function enclosingItem(run: Run, segments: readonly Segment[]): unknown {
  let last = -1;
  segments.forEach((s, i) => {
    if (typeof s === 'number') last = i;
  });
  return last === -1 ? undefined : valueAt(run.view.data, segments.slice(0, last + 1));
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
