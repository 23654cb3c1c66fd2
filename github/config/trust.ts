// The organisation's configuration is the trust root: who decides, where exceptions live, how long they
// may last, the mode and the standards that apply. A repository's own file may only tighten it (a
// stricter mode, more standards, a shorter maximum, more approvals, its manifest path, its own areas, a
// manifest required); anything that would loosen it is ignored and reported with its line. The reports
// never repeat the organisation's values: a repository may not be able to read them.
import type { InputProblem, SourceLocation } from '../../src/types.js';
import type { Segment } from '../../src/paths/jsonpath.js';

/** One configuration as read: its data, the file it is reported as, and where its keys are written. */
export interface ConfigLayer {
  data: Record<string, unknown>;
  file: string;
  locate?: (segments: readonly Segment[]) => SourceLocation | undefined;
}

export interface Combined {
  /** The configuration in force: the organisation's, tightened by the repository's. */
  data: Record<string, unknown>;
  /** Keys of the repository's file that were not applied, each with the reason, as warnings. */
  ignored: InputProblem[];
}

type Kind = 'minor' | 'challenge' | 'major';
const DEFAULT_MAX_DAYS: Record<Kind, number> = { minor: 180, challenge: 90, major: 365 };
const DEFAULT_APPROVALS: Record<Kind, number> = { minor: 1, challenge: 1, major: 2 };

/** What a repository may set, for the message that says why something was ignored. */
export const TIGHTEN_ONLY =
  "a repository's configuration may only tighten the organisation's: mode: blocking, more artefacts.sources, artefacts.builtin: true, a shorter exceptions.max_days, more exceptions.approvals, require_manifest: true, its manifest path and areas of its own; the rest is the organisation's to set";

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function get(data: Record<string, unknown>, ...path: string[]): unknown {
  let node: unknown = data;
  for (const key of path) node = isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  return node;
}

function set(data: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = data;
  for (const key of path.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The configuration in force for a repository. `org` is the organisation's configuration (its `.github`
 * repository, or the configuration repository the deployment names), `repo` the repository's own file;
 * both already read and each valid on its own.
 */
export function combine(org: ConfigLayer | undefined, repo: ConfigLayer | undefined): Combined {
  const base: Record<string, unknown> = structuredClone(org?.data ?? {});
  delete base._extends;
  const ignored: InputProblem[] = [];
  if (!repo) return { data: base, ignored };
  const data = structuredClone(base);
  const ignore = (segments: string[], why: string): void => {
    const at = repo.locate?.(segments);
    ignored.push({ file: at?.file ?? repo.file, line: at?.line, column: at?.column, level: 'warning', message: `${segments.join('.')}: ignored: ${why}` });
  };
  const loosens = (segments: string[]): void => ignore(segments, TIGHTEN_ONLY);

  for (const [key, value] of Object.entries(repo.data)) {
    switch (key) {
      case '_extends':
        break;
      case 'manifest':
        data.manifest = value;
        break;
      case 'require_manifest':
        if (value === true) data.require_manifest = true;
        else if (!same(get(base, key), value)) loosens([key]);
        break;
      case 'mode':
        // A value that is not a mode is passed on for the schema to report with its line.
        if (value === 'blocking' || (value !== 'advisory' && value !== get(base, 'mode'))) data.mode = value;
        else if (get(base, 'mode') !== value) loosens([key]);
        break;
      case 'artefacts':
        for (const [sub, subValue] of Object.entries(isObject(value) ? value : {})) {
          if (sub === 'builtin') {
            if (subValue === true || typeof subValue !== 'boolean') set(data, ['artefacts', 'builtin'], subValue);
            else if ((get(base, 'artefacts', 'builtin') ?? true) !== subValue) loosens([key, sub]);
          } else if (sub === 'sources') {
            const have = (get(base, 'artefacts', 'sources') as unknown[] | undefined) ?? [];
            const extra = Array.isArray(subValue) ? subValue.filter((s) => !have.some((h) => same(h, s))) : subValue;
            set(data, ['artefacts', 'sources'], Array.isArray(extra) ? [...have, ...extra] : extra);
          } else loosens([key, sub]);
        }
        break;
      case 'exceptions':
        for (const [sub, subValue] of Object.entries(isObject(value) ? value : {})) {
          if (sub === 'max_days' || sub === 'approvals') {
            for (const [kind, n] of Object.entries(isObject(subValue) ? subValue : {})) {
              const defaults = sub === 'max_days' ? DEFAULT_MAX_DAYS : DEFAULT_APPROVALS;
              const current = (get(base, key, sub, kind) as number | undefined) ?? defaults[kind as Kind];
              const tighter = typeof n !== 'number' || (sub === 'max_days' ? n <= current : n >= current);
              if (tighter) set(data, [key, sub, kind], n);
              else loosens([key, sub, kind]);
            }
          } else if (!same(get(base, key, sub), subValue)) loosens([key, sub]);
        }
        break;
      case 'areas':
        for (const [area, team] of Object.entries(isObject(value) ? value : {})) {
          const current = get(base, 'areas', area);
          if (current === undefined) set(data, ['areas', area], team);
          else if (current !== team) loosens([key, area]);
        }
        break;
      default:
        // Unknown keys stay, for the schema to report with their line; keys only the organisation sets
        // are ignored unless they say what the organisation says.
        if (!['time_zone', 'deciders', 'labels', 'sweep'].includes(key)) data[key] = value;
        else if (!same(get(base, key), value)) {
          if (isObject(value)) for (const sub of Object.keys(value)) if (!same(get(base, key, sub), value[sub])) loosens([key, sub]);
          if (!isObject(value)) loosens([key]);
        }
    }
  }
  return { data, ignored };
}
