// The JSON report: stable, documented by schema/report.schema.json, versioned by schemaVersion.
import type { Evaluation, PassedRows, RuleResult, StatusCounts } from '../types.js';
import type { Evidence, EvidenceNote } from '../evidence/types.js';
import { ordered } from './order.js';
import { countRegisterPasses } from './passes.js';

/**
 * How much of the results one report lists, in characters of their text (messages and paths) plus a
 * fixed allowance per result: a report stays far below the longest string JavaScript can hold
 * (about 512 MiB), whatever the register. Results past it are counted in `notListed`, worst kept.
 */
export const MAX_JSON_RESULTS_CHARS = 64 * 1024 * 1024;
const PER_RESULT_ALLOWANCE = 400;

export interface JsonOptions {
  /** List every passing register row in `results` instead of counting them in `passed`. */
  verbose?: boolean;
  /** Override the listing budget (tests). */
  maxResultsChars?: number;
}

/** The results a report lists (worst first), and how many it leaves out to stay bounded. */
function listed(ev: Evaluation, budget: number): { results: RuleResult[]; notListed: number } {
  const all = ordered(ev.results);
  let used = 0;
  for (let i = 0; i < all.length; i++) {
    const r = all[i]!;
    used += PER_RESULT_ALLOWANCE + r.message.length + r.path.length + r.artefactTitle.length + (r.location?.file.length ?? 0) + (r.evidence ? 200 + r.evidence.file.length + (r.evidence.detail?.length ?? 0) + JSON.stringify(r.evidence.values ?? null).length : 0) + (r.contradiction ? JSON.stringify(r.contradiction).length : 0);
    if (used > budget) return { results: all.slice(0, i), notListed: all.length - i };
  }
  return { results: all, notListed: 0 };
}

/** A place, flattened: null where it is not known. */
interface JsonPlace {
  file: string | null;
  line: number | null;
  column: number | null;
}

/** Where a value was seen in the repository, and by which collector. */
export interface JsonEvidence extends JsonPlace {
  collector: string;
  detail: string | null;
  values: unknown[] | null;
}

/** A result as the report writes it: the engine's fields, with its location flattened (null when unknown). */
export interface JsonResult extends Pick<RuleResult, 'artefact' | 'artefactTitle' | 'rule' | 'status' | 'severity' | 'path' | 'message' | 'exemption'>, JsonPlace {
  /** The standard as published (the artefact's source). */
  standardUrl: string | null;
  /** Where the value came from: the manifest, or the repository (then `evidence` says where). */
  source: 'declared' | 'observed' | null;
  evidence: JsonEvidence | null;
  /** How an unknown or a contradiction counts: fail, warn or notice. */
  countsAs: 'fail' | 'warn' | 'notice' | null;
  /** Both places of a contradiction. */
  contradiction?: { declared: JsonPlace & { value: unknown }; observed: JsonEvidence & { value: unknown } };
}

export interface JsonReport {
  schemaVersion: 2;
  tool: { name: string; version: string };
  ok: boolean;
  manifest: string;
  profile: string;
  evaluatedAt: string;
  summary: StatusCounts;
  results: JsonResult[];
  /** Results left out of `results` to keep the report bounded (the summary counts them all). */
  notListed: number;
  /** Passing register rows, counted per rule and register rather than listed in `results`. */
  passed: Array<{ artefact: string; artefactTitle: string; rule: string; severity: PassedRows['severity']; register: string; count: number; message: string; standardUrl: string | null }>;
  gaps: Array<{ path: string; file: string | null; line: number | null; column: number | null; message: string }>;
  closable: Evaluation['closable'];
  problems: Array<{ file: string; line: number | null; column: number | null; level: 'error' | 'warning'; message: string }>;
  evidenceNotes: Array<{ kind: EvidenceNote['kind']; message: string; file: string | null; line: number | null }>;
  overrides: Array<{ artefact: string; rule: string | null; change: 'off' | 'severity' | 'replace'; from: string | null; to: string | null; replacement: string | null; reason: string | null; file: string; line: number | null }>;
}

function evidenceJson(e: Evidence | undefined): JsonEvidence | null {
  return e ? { file: e.file, line: e.line ?? null, column: e.column ?? null, collector: e.collector, detail: e.detail ?? null, values: e.values ?? null } : null;
}

function contradictionJson(r: RuleResult): JsonResult['contradiction'] {
  if (!r.contradiction) return undefined;
  return {
    declared: { value: r.contradiction.declared ?? null, file: r.location?.file ?? null, line: r.location?.line ?? null, column: r.location?.column ?? null },
    observed: { value: r.contradiction.observed ?? null, ...evidenceJson(r.evidence)! },
  };
}

export function toJsonReport(evaluation: Evaluation, tool: { name: string; version: string }, options: JsonOptions = {}): JsonReport {
  const ev = countRegisterPasses(evaluation, options.verbose);
  const { results, notListed } = listed(ev, options.maxResultsChars ?? MAX_JSON_RESULTS_CHARS);
  return {
    schemaVersion: 2,
    tool,
    ok: ev.ok,
    manifest: ev.manifest,
    profile: ev.profile,
    evaluatedAt: ev.evaluatedAt,
    summary: ev.summary,
    results: results.map((r) => ({
      artefact: r.artefact,
      artefactTitle: r.artefactTitle,
      rule: r.rule,
      status: r.status,
      severity: r.severity,
      path: r.path,
      file: r.location?.file ?? null,
      line: r.location?.line ?? null,
      column: r.location?.column ?? null,
      message: r.message,
      standardUrl: r.source ?? null,
      source: r.origin ?? null,
      evidence: evidenceJson(r.evidence),
      countsAs: r.countsAs ?? null,
      // One object shape for every result; JSON leaves out an undefined exemption or contradiction.
      contradiction: contradictionJson(r),
      exemption: r.exemption,
    })),
    notListed,
    passed: (ev.passed ?? []).map((p) => ({ artefact: p.artefact, artefactTitle: p.artefactTitle, rule: p.rule, severity: p.severity, register: p.register, count: p.count, message: p.message, standardUrl: p.source ?? null })),
    gaps: ev.gaps.map((g) => ({ path: g.path, file: g.location?.file ?? null, line: g.location?.line ?? null, column: g.location?.column ?? null, message: g.message })),
    closable: ev.closable,
    problems: ev.problems.map((p) => ({ file: p.file, line: p.line ?? null, column: p.column ?? null, level: p.level, message: p.message })),
    evidenceNotes: ev.evidenceNotes.map((n) => ({ kind: n.kind, message: n.message, file: n.file ?? null, line: n.line ?? null })),
    overrides: (ev.overrides ?? []).map((o) => ({ artefact: o.artefact, rule: o.rule ?? null, change: o.change, from: o.from ?? null, to: o.to ?? null, replacement: o.replacement ?? null, reason: o.reason ?? null, file: o.file, line: o.line ?? null })),
  };
}

/**
 * What is the same for every result of one rule (its artefact, title and rule id), as JSON: written
 * once per process rather than once per result.
 */
const ruleFragments = new Map<string, Map<string, { title: string; fragment: string }>>();

function ruleFragment(r: RuleResult): string {
  let byRule = ruleFragments.get(r.artefact);
  if (!byRule) {
    if (ruleFragments.size > 10_000) ruleFragments.clear();
    ruleFragments.set(r.artefact, (byRule = new Map()));
  }
  let entry = byRule.get(r.rule);
  if (entry?.title !== r.artefactTitle) {
    entry = { title: r.artefactTitle, fragment: `{"artefact":${JSON.stringify(r.artefact)},"artefactTitle":${JSON.stringify(r.artefactTitle)},"rule":${JSON.stringify(r.rule)},` };
    byRule.set(r.rule, entry);
  }
  return entry.fragment;
}

/** A line or column as JSON: null where it is not a number. */
const number = (value: number | undefined): string => (typeof value === 'number' && Number.isFinite(value) ? String(value) : 'null');

/**
 * Strings that recur from result to result and report to report (paths, files, standards' addresses,
 * the messages of passes and of rules that do not apply), quoted once. Bounded: cleared when full.
 */
const quotedStrings = new Map<string, string>();

function quoted(text: string | undefined): string {
  if (text === undefined) return 'null';
  let quote = quotedStrings.get(text);
  if (quote === undefined) {
    quote = JSON.stringify(text);
    if (quotedStrings.size >= 20_000) quotedStrings.clear();
    quotedStrings.set(text, quote);
  }
  return quote;
}

/**
 * One line of JSON, as machine-readable reports usually are (pipe it through `jq` to read it): exactly
 * `JSON.stringify(toJsonReport(ev, tool))`, with each result written directly (a report is mostly results).
 */
export function renderJson(evaluation: Evaluation, tool: { name: string; version: string }, options: JsonOptions = {}): string {
  const ev = countRegisterPasses(evaluation, options.verbose);
  const { results, notListed } = listed(ev, options.maxResultsChars ?? MAX_JSON_RESULTS_CHARS);
  // Everything but the results, in toJsonReport's order; a key cannot occur inside a JSON string (its
  // quotes would be escaped), so the first `"results":[]` is the key.
  const head = JSON.stringify({ ...toJsonReport({ ...ev, results: [] }, tool, { verbose: true }), notListed });
  const at = head.indexOf('"results":[]') + '"results":['.length;
  const parts = new Array<string>(results.length);
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const location = r.location;
    // A failure's message is its own; the others' come from the rule and recur.
    const message = r.status === 'pass' || r.status === 'not-applicable' ? quoted(r.message) : JSON.stringify(r.message);
    parts[i] =
      ruleFragment(r) +
      '"status":"' + r.status + '","severity":"' + r.severity + '","path":' + quoted(r.path) +
      ',"file":' + quoted(location?.file) + ',"line":' + number(location?.line) + ',"column":' + number(location?.column) +
      ',"message":' + message + ',"standardUrl":' + quoted(r.source) + ',"source":' + (r.origin == null ? 'null' : '"' + r.origin + '"') +
      ',"evidence":' + (r.evidence ? JSON.stringify(evidenceJson(r.evidence)) : 'null') + ',"countsAs":' + (r.countsAs == null ? 'null' : '"' + r.countsAs + '"') +
      (r.contradiction ? ',"contradiction":' + JSON.stringify(contradictionJson(r)) : '') +
      (r.exemption ? ',"exemption":' + JSON.stringify(r.exemption) : '') +
      '}';
  }
  return `${head.slice(0, at)}${parts.join(',')}${head.slice(at)}\n`;
}
