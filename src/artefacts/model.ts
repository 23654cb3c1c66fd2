import type { ValidateFunction } from 'ajv';
import type { AppliedOverride, ArtefactKind, ArtefactStatus, ArtefactSummary, Profile, Severity } from '../types.js';
import type { CompiledPath } from '../paths/jsonpath.js';
import type { AssertionContext } from './keywords.js';

export interface Rule {
  id: string;
  description?: string;
  given: CompiledPath[];
  when?: ValidateFunction;
  assert: ValidateFunction;
  /** The same assertion reporting every error, compiled on first use: tells a missing fact from a wrong one. */
  assertAll: () => ValidateFunction;
  severity: Severity;
  message?: string;
  /** Messages and the written `given`, built once at load rather than on every evaluation. */
  givenText: string;
  passMessage: string;
  notApplicableMessage: string;
  nothingMessage: string;
}

export interface Artefact extends ArtefactSummary {
  owner: string;
  file: string;
  scope: { description?: string; given: CompiledPath[]; when?: ValidateFunction };
  covers: CompiledPath[];
  /** Said of every rule when the artefact does not apply (built once, used on every evaluation). */
  outOfScopeMessage: string;
  rationale?: string;
  remediation?: string;
  rules: Rule[];
  /** The artefact as written, for `assure explain`. */
  definition: Record<string, unknown>;
  /** Shared by every artefact compiled together; the engine sets the day before evaluating. */
  context: AssertionContext;
  /** What reports list about the artefact, made once at load. */
  summary: ArtefactSummary;
  /** Switched off by an organisation's ruleset: not evaluated, but its override is reported. */
  switchedOff?: boolean;
  /** The ruleset changes made to this artefact, for reports. */
  overrides?: AppliedOverride[];
}

export function summarise(a: Artefact): ArtefactSummary {
  return {
    id: a.id,
    title: a.title,
    kind: a.kind,
    severity: a.severity,
    status: a.status,
    version: a.version,
    exemptable: a.exemptable,
    source: a.source,
    category: a.category,
    reviewBy: a.reviewBy,
    profile: a.profile,
  };
}

export type { ArtefactKind, ArtefactStatus, Profile };
