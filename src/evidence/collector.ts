// What a collector is: the files it wants (globs) and a pure function from one file to facts.
import type { Fact, RepositoryFile } from './types.js';

export interface Collector {
  /** Named in every fact's provenance. */
  name: string;
  /** picomatch globs over repository-relative paths (dotfiles included). */
  files: readonly string[];
  /** Match the globs without regard to case (LICENSE, licence.md). */
  nocase?: boolean;
  /** For each manifest path it can observe (`$.source.licence`), the file that would show it, in plain words. */
  hints: Readonly<Record<string, string>>;
  /** Called with the paths selected for it before any file is read: time to start anything slow to start. */
  prepare?(selected: readonly string[]): void;
  /** The facts one file shows. Throwing UnreadableFile (or anything) records the file as unreadable. */
  collect(file: RepositoryFile): Fact[] | Promise<Fact[]>;
  /**
   * After every file: facts that follow from all of them together, including from absence ("no LICENCE
   * file"). Receives the facts collect() found, the paths selected, and whether every one of them was read
   * and understood (not when one was unreadable, missing or over the cap): absence inside files is shown
   * only by all of them. Returns the collector's final facts.
   */
  conclude?(facts: Fact[], selected: readonly string[], complete: boolean): Fact[];
}
