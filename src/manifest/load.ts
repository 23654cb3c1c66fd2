// Reading a design manifest: YAML with positions, then the manifest schema. Unknown keys warn, unless
// one is a near miss of a key the schema knows (a typo would hide a whole section from the rules);
// anything else the schema rejects is an error, every one of them reported with its line.
import type { InputProblem, Profile, SourceLocation } from '../types.js';
import type { Segment } from '../paths/jsonpath.js';
import { formatPath } from '../paths/jsonpath.js';
import type { Locator, SourceFile } from '../source.js';
import { parseYaml } from '../yaml/parse.js';
import { describeError, reportableErrors } from '../schema/ajv.js';
import { knownKeysAt, manifestSchema, manifestValidator } from './schema.js';
import { nearMiss } from './near-miss.js';
import { normaliseVocabulary } from './vocabulary.js';

export interface Manifest {
  file: string;
  profile: Profile;
  data: Record<string, unknown>;
  /** Where a path of `data` is written (the manifest, or a register file mounted into it). */
  locate(segments: readonly Segment[]): SourceLocation | undefined;
  /** Registers a file whose parsed content sits at `prefix` within `data`. */
  mount(prefix: readonly Segment[], locator: Locator): void;
}

export interface ManifestOutcome {
  manifest?: Manifest;
  problems: InputProblem[];
}

export function parseManifest(file: SourceFile): ManifestOutcome {
  const outcome = parseYaml(file);
  if (!outcome.ok) return { problems: [outcome.problem] };
  const { data, locate, warnings } = outcome.parsed;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      problems: [{ file: file.path, line: 1, column: 1, level: 'error', message: 'must be a YAML mapping (key: value pairs) at the top level' }],
    };
  }
  const manifest = createManifest(file.path, data as Record<string, unknown>, locate);
  const problems = [...warnings, ...schemaProblems(manifest)];
  return problems.some((p) => p.level === 'error') ? { problems } : { manifest, problems };
}

/** A manifest built from data already in memory (artefact test cases, generated benchmarks). */
export function manifestFromData(file: string, data: Record<string, unknown>, locate?: Locator): ManifestOutcome {
  const manifest = createManifest(file, data, locate ?? (() => undefined));
  const problems = schemaProblems(manifest);
  return problems.some((p) => p.level === 'error') ? { problems } : { manifest, problems };
}

function createManifest(file: string, data: Record<string, unknown>, locate: Locator): Manifest {
  normaliseVocabulary(data, manifestSchema().$defs[data.kind === 'school' ? 'school' : 'service']);
  const mounts: Array<{ prefix: readonly Segment[]; locator: Locator }> = [];
  return {
    file,
    profile: data.kind === 'school' ? 'school' : 'service',
    data,
    locate(segments) {
      for (const { prefix, locator } of mounts) {
        if (prefix.length <= segments.length && prefix.every((s, i) => s === segments[i])) {
          const found = locator(segments.slice(prefix.length));
          if (found) return found;
        }
      }
      return locate(segments);
    },
    mount(prefix, locator) {
      mounts.push({ prefix, locator });
    },
  };
}

export function schemaProblems(manifest: Manifest): InputProblem[] {
  const validate = manifestValidator();
  if (validate(manifest.data)) return [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  for (const { error, at, unknown } of reportableErrors(validate.errors)) {
    const where = formatPath(at);
    const meant = unknown ? nearMiss(String(at[at.length - 1]), knownKeysAt(error.schemaPath)) : undefined;
    const message =
      meant !== undefined
        ? `\`${plain(at)}\`: unknown key; did you mean \`${plain([...at.slice(0, -1), meant])}\`? (as written, the rules do not see this section)`
        : unknown
          ? `${where}: unknown key, ignored (check its spelling against schema/design-manifest.schema.json)`
          : `${where}: ${describeError(error)}`;
    if (seen.has(message)) continue;
    seen.add(message);
    const location = manifest.locate(at);
    problems.push({ file: location?.file ?? manifest.file, line: location?.line, column: location?.column, message, level: unknown && meant === undefined ? 'warning' : 'error' });
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** A path as people write it in YAML terms: `auth.providers`, `languages[0].version`. */
function plain(segments: readonly Segment[]): string {
  return formatPath(segments).replace(/^\$\.?/, '');
}
