// The collector runner: list once, select each collector's files (capped), read every selected file in
// ONE read() call (so a remote source can batch it), run the collectors, build the Observation.
import type { Collector } from './collector.js';
import { buildObservation } from './observation.js';
import { UnreadableFile } from './parse.js';
import { platformFacts, type PlatformSettings } from './platform.js';
import type { EvidenceNote, Fact, Observation, RepositoryFile, RepositoryFiles } from './types.js';
import { stopwatch } from '../time/stopwatch.js';
import { globMatcher } from './globs.js';

export interface CollectOptions {
  /** Files one collector reads at most; the rest are left out and the cap noted. */
  maxFilesPerCollector?: number;
  /** The hosting platform's settings for the repository, when the front door could read them. */
  platform?: PlatformSettings;
  /** How long one collector may spend on its files in one run; the files it has not reached are left out and noted. */
  collectorBudgetMs?: number;
}

export const DEFAULT_MAX_FILES_PER_COLLECTOR = 200;

/**
 * Real repositories take a collector milliseconds; files made to be slow to parse (each is also held to
 * its parser's own limit) must not hold a check, or the App's event loop, for minutes.
 */
export const DEFAULT_COLLECTOR_BUDGET_MS = 10_000;

export async function collectEvidence(files: RepositoryFiles, collectors: readonly Collector[], options: CollectOptions = {}): Promise<Observation> {
  const cap = options.maxFilesPerCollector ?? DEFAULT_MAX_FILES_PER_COLLECTOR;
  const budget = options.collectorBudgetMs ?? DEFAULT_COLLECTOR_BUDGET_MS;
  const notes: EvidenceNote[] = [];
  const all = files.paths();
  // Collectors whose files were not all read (over the cap): none of them may conclude from absence.
  const capped = new Set<number>();
  const selections = collectors.map((collector, index) => {
    const matches = globMatcher(collector.files, collector.nocase ?? false);
    const selected = all.filter((path) => matches(path));
    if (selected.length > cap) {
      notes.push({ kind: 'cap', message: `${collector.name}: ${selected.length} files matched; only the first ${cap} were read` });
      capped.add(index);
      return selected.slice(0, cap);
    }
    return selected;
  });
  collectors.forEach((collector, i) => collector.prepare?.(selections[i] ?? []));
  const wanted = [...new Set(selections.flat())].sort();
  const read = wanted.length === 0 ? [] : await files.read(wanted);
  const byPath = new Map<string, RepositoryFile>(read.map((f) => [f.path, f]));

  const facts: Fact[] = [];
  // A file several collectors read is reported unreadable once, by the first that tried.
  const unreadableFiles = new Set<string>();
  for (const [i, collector] of collectors.entries()) {
    const selected = selections[i] ?? [];
    const found: Fact[] = [];
    let complete = !capped.has(i);
    let spent = 0;
    for (const [n, path] of selected.entries()) {
      if (spent > budget) {
        complete = false;
        notes.push({ kind: 'cap', message: `${collector.name}: stopped after ${budget / 1000} s; ${selected.length - n} of its ${selected.length} files were not read` });
        break;
      }
      const elapsed = stopwatch();
      const file = byPath.get(path);
      if (!file) {
        complete = false;
        continue;
      }
      try {
        found.push(...(await collector.collect(file)));
      } catch (error) {
        complete = false;
        if (!unreadableFiles.has(path)) notes.push(unreadable(collector.name, path, error));
        unreadableFiles.add(path);
      }
      spent += elapsed();
    }
    try {
      facts.push(...(collector.conclude ? collector.conclude(found, selected, complete) : found));
    } catch (error) {
      notes.push({ kind: 'unreadable', message: `${collector.name}: ${messageOf(error)}` });
    }
  }
  if (options.platform) facts.push(...platformFacts(options.platform));
  else notes.push(PLATFORM_UNAVAILABLE);
  return buildObservation(facts, [...files.notes(), ...notes]);
}

export const PLATFORM_UNAVAILABLE: EvidenceNote = {
  kind: 'unavailable',
  message: 'repository settings were not read: visibility, owner organisation, topics and default-branch protection come only from GitHub',
};

function unreadable(collector: string, path: string, error: unknown): EvidenceNote {
  const line = error instanceof UnreadableFile ? error.line : undefined;
  return { kind: 'unreadable', file: path, ...(line ? { line } : {}), message: `${path}${line ? `:${line}` : ''} could not be read (${collector}): ${messageOf(error)}` };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}
