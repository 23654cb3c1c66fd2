// Evidence: what a repository shows about its own design, in the manifest's own shape.
// The collectors produce an Observation; the engine merges it with the declared manifest.
// Nothing here knows about GitHub: files arrive through a RepositoryFiles, whoever reads them.
import type { Segment } from '../paths/jsonpath.js';

/** Where a fact was seen. `file` is repository-relative; facts from the hosting platform use `github:` names. */
export interface Evidence {
  file: string;
  line?: number;
  column?: number;
  /** The collector that found it: a built-in collector's name, or an organisation collector's id. */
  collector: string;
  /** What was seen, in plain words, when the value alone does not say it ("no LICENSE file at the root"). */
  detail?: string;
  /**
   * Every value the evidence shows when it shows more than one for a single-valued field (CodeQL and
   * Brakeman both run): the declared value contradicts the evidence only when it is none of them.
   */
  values?: unknown[];
}

/** One observed fact: a value at a manifest path, and where it was seen. */
export interface Fact {
  /** The manifest path, as segments (`['source', 'licence']`). Array items are appended in order seen. */
  path: Segment[];
  value: unknown;
  evidence: Evidence;
}

/** Something the report must state about how evidence was gathered: a cap that applied, a fact out of reach. */
export interface EvidenceNote {
  kind: 'cap' | 'unavailable' | 'skipped' | 'unreadable';
  message: string;
  file?: string;
  line?: number;
}

export interface Observation {
  /** The observed facts in the manifest's own shape: the same JSON paths as design.yml. */
  data: Record<string, unknown>;
  /** Where each observed value was seen, keyed by its normalised path in `data` (formatPath of its segments). */
  evidence: Map<string, Evidence>;
  notes: EvidenceNote[];
}

/** For a manifest path (formatPath form, `$.source.licence`), the file that would show it, in plain words. */
export type EvidenceHint = (path: string) => string | undefined;

/** One file of the repository, as a collector receives it (text only; binaries and links never arrive). */
export interface RepositoryFile {
  path: string;
  text: string;
}

/**
 * The files of one repository at one commit, however they are read: a working tree on disk (CLI, Action)
 * or a tree listing plus one batched read (the App). Paths are repository-relative with forward slashes.
 */
export interface RepositoryFiles {
  /** Every file path in the tree (after caps), sorted. */
  paths(): readonly string[];
  /** Reads the files named, in one go where the source can batch; missing, binary or capped files are left out. */
  read(paths: readonly string[]): Promise<RepositoryFile[]>;
  /** Caps and skips that applied while listing or reading, for the report. */
  notes(): readonly EvidenceNote[];
}
