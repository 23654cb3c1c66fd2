// The built-in library ships pre-parsed: the build writes each policies/ file's parse as JSON
// (build/precompiled/library.json), keyed by the hash of the text it was parsed from, and marks those the
// artefact schema accepted then. A file is taken from there only when its text hashes to a key, so an
// edited or unknown file is always parsed and checked afresh.
import type { SourceFile } from '../source.js';
import { contentHash } from '../schema/precompiled.js';
import { precompiledJson } from '../schema/precompiled-files.js';
import { parseYaml, restoreYaml, type YamlOutcome, type YamlSnapshot } from '../yaml/parse.js';

/** One library file as the build left it: its parse, and whether the artefact schema accepted it. */
export interface LibraryEntry {
  snapshot: YamlSnapshot;
  schemaValid: boolean;
}

/** A parse, and whether the build already found it valid against the artefact schema (the same schema). */
export type ArtefactParse = YamlOutcome & { schemaValid?: boolean };

let entries: Map<string, LibraryEntry> | undefined;

function shipped(): Map<string, LibraryEntry> {
  if (!entries) {
    entries = new Map();
    const library = precompiledJson('library.json');
    // Anything but an object of entries only costs the parse.
    if (library !== null && typeof library === 'object') for (const [hash, entry] of Object.entries(library as Record<string, LibraryEntry>)) entries.set(hash, entry);
  }
  return entries;
}

/** The hash a snapshot of this file's text is keyed by. */
export function snapshotKey(file: SourceFile): string {
  return contentHash('yaml', file.text);
}

/** An artefact file parsed, from the shipped snapshot when it holds this very text. */
export function parseArtefactFile(file: SourceFile): ArtefactParse {
  const entry = shipped().get(snapshotKey(file));
  return entry ? { ok: true, parsed: restoreYaml(file, entry.snapshot), schemaValid: entry.schemaValid === true } : parseYaml(file);
}
