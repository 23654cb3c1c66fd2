// The built-in library ships pre-parsed: the build writes each policies/ file's parse as JSON
// (build/precompiled/library.json), keyed by the hash of the text it was parsed from. A file is taken
// from there only when its text hashes to a key, so an edited or unknown file is always parsed afresh.
import type { SourceFile } from '../source.js';
import { contentHash } from '../schema/precompiled.js';
import { precompiledJson } from '../schema/precompiled-files.js';
import { parseYaml, restoreYaml, type YamlOutcome, type YamlSnapshot } from '../yaml/parse.js';

let snapshots: Map<string, YamlSnapshot> | undefined;

function shipped(): Map<string, YamlSnapshot> {
  if (!snapshots) {
    snapshots = new Map();
    const library = precompiledJson('library.json');
    // Anything but an object of snapshots only costs the parse.
    if (library !== null && typeof library === 'object') for (const [hash, snapshot] of Object.entries(library as Record<string, YamlSnapshot>)) snapshots.set(hash, snapshot);
  }
  return snapshots;
}

/** The hash a snapshot of this file's text is keyed by. */
export function snapshotKey(file: SourceFile): string {
  return contentHash('yaml', file.text);
}

/** An artefact file parsed, from the shipped snapshot when it holds this very text. */
export function parseArtefactFile(file: SourceFile): YamlOutcome {
  const snapshot = shipped().get(snapshotKey(file));
  return snapshot ? { ok: true, parsed: restoreYaml(file, snapshot) } : parseYaml(file);
}
