// The vocabulary shared by the engine, the reports and every front door.
// Nothing here knows about GitHub.
import type { Evidence, EvidenceNote } from './evidence/types.js';

/** must -> failure, should -> warning, may -> notice (RFC 2119 words, as standards are written). */
export type Severity = 'must' | 'should' | 'may';

export type ArtefactKind = 'standard' | 'pattern' | 'guidance';
export type ArtefactStatus = 'draft' | 'published' | 'retired';

/** Which kind of manifest an artefact (or a manifest) is about. */
export type Profile = 'service' | 'school';

export type ResultStatus =
  | 'pass'
  | 'fail'
  | 'warn'
  | 'notice'
  | 'not-applicable'
  | 'exempted'
  | 'exemption-expired'
  | 'error'
  /** A fact the design declares and the repository shows otherwise. */
  | 'contradiction'
  /** A fact a rule in scope needs, neither declared nor observed. */
  | 'unknown';

export const RESULT_STATUSES: readonly ResultStatus[] = [
  'fail',
  'exemption-expired',
  'error',
  'contradiction',
  'unknown',
  'warn',
  'notice',
  'exempted',
  'pass',
  'not-applicable',
];

/** A place in a file a person can open: 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** A problem with input (manifest, artefact, config, exemptions): never a crash. */
export interface InputProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** 'error' stops evaluation (exit 2); 'warning' is reported and evaluation goes on. */
  level: 'error' | 'warning';
}

export type ExemptionKind = 'minor' | 'challenge' | 'major';
export type ExemptionStatus =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'revoked'
  | 'withdrawn'
  | 'closed';

/** An exemption as the engine sees it: data, wherever it was recorded. */
export interface Exemption {
  id: string;
  artefact: string;
  /** Rule ids within the artefact; absent = every rule of the artefact. */
  rules?: string[];
  /** Normalised manifest paths (e.g. `$.notifications.email`); absent = anywhere. */
  paths?: string[];
  kind: ExemptionKind;
  status: ExemptionStatus;
  /** Calendar date (YYYY-MM-DD): valid through the whole of this day in the organisation's time zone. */
  expires?: string;
  /** Artefact challenge: the date by which the design must align with the artefact as it stands. */
  realignBy?: string;
  conditions?: string[];
  /** owner/repo the exemption was granted to; absent = any design evaluated with it. */
  repository?: string;
  url?: string;
}

export interface ExemptionRef {
  id: string;
  expires?: string;
  kind: ExemptionKind;
  url?: string;
}

export interface RuleResult {
  artefact: string;
  artefactTitle: string;
  rule: string;
  status: ResultStatus;
  severity: Severity;
  /** Normalised JSONPath of the target in the manifest (or register). */
  path: string;
  /** Where that path is written; absent when the target does not exist in any file. */
  location?: SourceLocation;
  message: string;
  /** The artefact's source: the standard as published. */
  source?: string;
  exemption?: ExemptionRef;
  /** Where the value the result is about came from: written in the manifest, or seen in the repository. */
  origin?: FactOrigin;
  /** What the repository shows: the evidence of an observed value, or the observed side of a contradiction. */
  evidence?: Evidence;
  /** How an unknown or a contradiction counts, by the organisation's choice. */
  countsAs?: Counting;
  /** Both sides of a contradiction: the declared value (at `location`) and the observed one (at `evidence`). */
  contradiction?: { declared: unknown; observed: unknown };
}

export type FactOrigin = 'declared' | 'observed';

/** How a result that is not a plain verdict counts: as a failure, a warning or a notice. */
export type Counting = 'fail' | 'warn' | 'notice';

export interface Gap {
  path: string;
  location?: SourceLocation;
  message: string;
}

export interface ClosableExemption {
  exemption: ExemptionRef;
  artefact: string;
  rules: string[];
  message: string;
}

export type StatusCounts = Record<ResultStatus, number>;

export interface Evaluation {
  /** true when nothing fails (unknowns and contradictions counted as failures included; warnings, notices and exemptions are allowed). */
  ok: boolean;
  manifest: string;
  profile: Profile;
  /** The calendar date the evaluation was made as of (YYYY-MM-DD, organisation time zone). */
  evaluatedAt: string;
  summary: StatusCounts;
  results: RuleResult[];
  gaps: Gap[];
  closable: ClosableExemption[];
  /** Non-fatal problems found on the way: unknown manifest keys, broken artefacts. */
  problems: InputProblem[];
  artefacts: ArtefactSummary[];
  /** What the report must say about how evidence was gathered (caps, facts out of reach); empty without evidence. */
  evidenceNotes: EvidenceNote[];
  /** What organisation rulesets switched off, replaced or re-graded (absent or empty: nothing). */
  overrides?: AppliedOverride[];
  /**
   * Passing register rows counted per rule instead of listed in `results` (set by the reports unless
   * asked to list every pass); the summary counts them either way.
   */
  passed?: PassedRows[];
}

/** How many rows of one register pass one rule: they are counted, not listed. */
export interface PassedRows {
  artefact: string;
  artefactTitle: string;
  rule: string;
  severity: Severity;
  /** The register's rows, as a path: `$.registers.assets.rows`. */
  register: string;
  count: number;
  /** The rule's message for a pass. */
  message: string;
  source?: string;
}

/** A change an organisation's ruleset made to the library it extends: listed in every report. */
export interface AppliedOverride {
  artefact: string;
  /** The rule changed; absent when the change is to the whole artefact. */
  rule?: string;
  change: 'off' | 'severity' | 'replace';
  from?: Severity;
  to?: Severity;
  /** The file of the organisation's artefact that replaces the built-in one. */
  replacement?: string;
  reason?: string;
  /** The ruleset file and line that made the change. */
  file: string;
  line?: number;
}

export interface ArtefactSummary {
  id: string;
  title: string;
  kind: ArtefactKind;
  severity: Severity;
  status: ArtefactStatus;
  version: string;
  exemptable: boolean;
  source: string;
  category: string;
  reviewBy: string;
  profile: Profile;
}
