// The resolved configuration: `.github/assure.yml` with every default filled in. Keys mirror the YAML so
// the file and the code read the same.
import type { Counting, ExemptionKind, InputProblem, Severity } from '../../src/types.js';

/** Who decides, in escalation order: a minor exception or a challenge starts at architecture, a major at forum. */
export type Tier = 'architecture' | 'forum' | 'deputy_directors' | 'board';
export const TIERS: readonly Tier[] = ['architecture', 'forum', 'deputy_directors', 'board'];

export type Mode = 'blocking' | 'advisory';

export interface ArtefactSourceConfig {
  /** owner/repo, read at its default branch. */
  repository: string;
  /** Folder inside it ('' = the whole repository). */
  path: string;
}

export interface AssureConfig {
  manifest: string;
  mode: Mode;
  time_zone: string;
  artefacts: { builtin: boolean; sources: ArtefactSourceConfig[] };
  /** How a fact a rule needs, neither declared nor observed, counts, by the rule's severity. */
  unknown: Record<Severity, Counting>;
  /** A declared fact the repository shows otherwise: fail or warn. */
  evidence: { contradictions: 'fail' | 'warn' };
  exceptions: {
    /** owner/repo of exception issues and the register of designs; defaults to the design's own repository. */
    repository: string;
    max_days: Record<ExemptionKind, number>;
    approvals: Record<ExemptionKind, number>;
    /** Days before expiry, largest first. */
    reminders: number[];
  };
  deciders: Partial<Record<Tier, string>> & { approvers: string[] };
  /** Area of work -> org/team-slug. */
  areas: Record<string, string>;
  labels: { prefix: string };
  sweep: { interval_minutes: number };
  /** Where the configuration came from, most specific first (e.g. `DFE-Digital/app:.github/assure.yml`); empty = defaults only. */
  sources: string[];
  /**
   * This repository must have a manifest (set by the organisation, or tightened by the repository): always,
   * or when it has one of these topics (lower case; GitHub's topics are).
   */
  require_manifest?: true | { topics: string[] };
  /** Keys of the repository's own file that would have loosened the organisation's configuration: not applied, reported. */
  ignored?: InputProblem[];
}

export const CONFIG_FILE = '.github/assure.yml';

export const DEFAULTS = {
  manifest: 'design.yml',
  mode: 'blocking' as Mode,
  time_zone: 'Europe/London',
  builtin: true,
  unknown: { must: 'fail', should: 'warn', may: 'notice' } as Record<Severity, Counting>,
  contradictions: 'fail' as 'fail' | 'warn',
  max_days: { minor: 180, challenge: 90, major: 365 } as Record<ExemptionKind, number>,
  approvals: { minor: 1, challenge: 1, major: 2 } as Record<ExemptionKind, number>,
  reminders: [30, 7, 1],
  prefix: 'assure',
  interval_minutes: 0,
};

/** The label `<prefix>: <name>`, as every part of assure writes it. */
export function label(config: Pick<AssureConfig, 'labels'>, name: string): string {
  return `${config.labels.prefix}: ${name}`;
}
