// `.github/assure.yml` -> AssureConfig: validated against schema/config.schema.json, defaults filled in,
// every problem reported with the file and the key (and the line when the reader kept positions).
import picomatch from 'picomatch';
import { schemaValidator } from '../../src/schema/precompiled.js';
import { describeError, reportableErrors } from '../../src/schema/ajv.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { InputProblem } from '../../src/types.js';
import type { Segment } from '../../src/paths/jsonpath.js';
import { isTimeZone } from '../../src/time/clock.js';
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import { TimedCache } from '../cache.js';
import { ConfigError } from './errors.js';
import { contentsConfigReader, type ConfigRead, type ConfigReader } from './reader.js';
import { CONFIG_FILE, DEFAULTS, TIERS, type AssureConfig, type Mode } from './types.js';

const configValidator = (): ValidateFunction => schemaValidator('config');

/** Configuration read within this long is used again without asking GitHub. */
export const CONFIG_TTL_MS = 60_000;

/** Problems reported for one configuration at most. */
export const MAX_PROBLEMS = 50;

/** Repositories whose configuration is kept at most. */
export const MAX_CONFIGS = 1000;

const configs = new TimedCache<AssureConfig>({ ttlMs: CONFIG_TTL_MS, max: MAX_CONFIGS });

/** Per process and per repository; `clear()` forgets everything (a merged change to the file does it for its repository). */
export const configCache = {
  clear(repo?: RepoRef): void {
    if (repo) configs.delete(fullName(repo).toLowerCase());
    else configs.clear();
  },
};

/**
 * The configuration for a repository, from its default branch only. `reader` is how files are read
 * (the Action passes one for its `config` input); absent = the contents API at `.github/assure.yml`.
 * Throws ConfigError when the configuration cannot be used.
 */
export async function loadConfig(ctx: GitHubContext, repo: RepoRef, reader?: ConfigReader): Promise<AssureConfig> {
  const key = fullName(repo).toLowerCase();
  const now = ctx.clock.now().getTime();
  const cached = configs.get(key, now);
  if (cached) return cached;
  const read = await (reader ?? contentsConfigReader(ctx.gh))(repo);
  const config = resolveConfig(read, repo);
  configs.set(key, config, now);
  return config;
}

/** The schema's problems with one configuration's data, each located by `locate` (none when it is valid). */
function schemaProblems(data: unknown, file: string, locate: ConfigRead['locate']): InputProblem[] {
  const validate = configValidator();
  if (validate(data)) return [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  for (const { error, at, unknown } of reportableErrors(validate.errors)) {
    const where = locate?.(at);
    const key = keyPath(at);
    const message = unknown ? 'unknown key; the keys are listed in docs/app.md' : explain(error);
    const found: InputProblem = { file: where?.file ?? file, line: where?.line, column: where?.column, level: 'error', message: key ? `${key}: ${message}` : message };
    const text = `${found.file}:${found.line ?? ''}:${found.message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    problems.push(found);
  }
  return problems;
}

/** Validates what a reader found and fills in the defaults. */
export function resolveConfig(read: ConfigRead, repo: RepoRef): AssureConfig {
  const data = read.data ?? {};
  const file = read.files[0] ?? CONFIG_FILE;
  const problem = (segments: readonly Segment[], message: string): InputProblem => {
    const at = read.locate?.(segments);
    const key = keyPath(segments);
    return { file: at?.file ?? file, line: at?.line, column: at?.column, level: 'error', message: key ? `${key}: ${message}` : message };
  };

  // Each file is checked on its own first, so a mistake is reported where it is written, whichever
  // layer it is in; then what they make together.
  const layers = [read.layers?.own, read.layers?.org].filter((l) => l !== undefined);
  const found = layers.flatMap((l) => schemaProblems(l.data, l.file, l.locate));
  const problems0 = found.length > 0 ? found : schemaProblems(data, file, read.locate);
  if (problems0.length > 0) {
    // Enough to fix the file by; a file of thousands of mistakes is not reported thousands of times.
    const sorted = problems0.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const shown = sorted.slice(0, MAX_PROBLEMS);
    if (sorted.length > MAX_PROBLEMS) shown.push({ file, level: 'error', message: `and ${sorted.length - MAX_PROBLEMS} more problems` });
    throw new ConfigError(shown);
  }

  const c = data as RawConfig;
  const problems: InputProblem[] = [];
  const timeZone = c.time_zone ?? DEFAULTS.time_zone;
  if (!isTimeZone(timeZone)) problems.push(problem(['time_zone'], `"${timeZone}" is not a time zone; use an IANA name such as Europe/London`));
  const builtin = c.artefacts?.builtin ?? DEFAULTS.builtin;
  const sources = (c.artefacts?.sources ?? []).map((s) => ({ repository: s.repository, path: (s.path ?? '').replace(/\/+$/, '') }));
  if (!builtin && sources.length === 0) {
    problems.push(problem(['artefacts', 'builtin'], 'is false and no artefacts.sources are listed, so there is nothing to check against'));
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const deciders: AssureConfig['deciders'] = { approvers: c.deciders?.approvers ?? [] };
  for (const tier of TIERS) {
    const team = c.deciders?.[tier];
    if (team) deciders[tier] = team;
  }
  return {
    manifest: (c.manifest ?? DEFAULTS.manifest).replace(/^\.\//, ''),
    mode: c.mode ?? DEFAULTS.mode,
    time_zone: timeZone,
    artefacts: { builtin, sources },
    unknown: { ...DEFAULTS.unknown, ...c.unknown },
    evidence: { contradictions: c.evidence?.contradictions ?? DEFAULTS.contradictions },
    exceptions: {
      repository: c.exceptions?.repository ?? fullName(repo),
      max_days: { ...DEFAULTS.max_days, ...c.exceptions?.max_days },
      approvals: { ...DEFAULTS.approvals, ...c.exceptions?.approvals },
      reminders: [...(c.exceptions?.reminders ?? DEFAULTS.reminders)].sort((a, b) => b - a),
    },
    deciders,
    areas: { ...c.areas },
    labels: { prefix: (c.labels?.prefix ?? DEFAULTS.prefix).trim() },
    sweep: { interval_minutes: c.sweep?.interval_minutes ?? DEFAULTS.interval_minutes },
    sources: read.files,
    ...requiredHere(c.require_manifest, repo),
    ...(read.ignored && read.ignored.length > 0 ? { ignored: read.ignored } : {}),
  };
}

/**
 * What the organisation's `require_manifest` says of this repository: required (true, or a name pattern
 * matching it), required when it has one of some topics (decided where its topics are known), or nothing.
 */
function requiredHere(value: RawConfig['require_manifest'], repo: RepoRef): Pick<AssureConfig, 'require_manifest'> {
  if (value === undefined || value === false) return {};
  if (value === true || picomatch(value.repositories ?? [], { nocase: true })(repo.repo)) return { require_manifest: true };
  return value.topics && value.topics.length > 0 ? { require_manifest: { topics: value.topics.map((t) => t.toLowerCase()) } } : {};
}

/** Whether a repository with these topics must have a manifest (topics unknown: only an unconditional requirement counts). */
export function manifestRequired(config: Pick<AssureConfig, 'require_manifest'>, topics: readonly string[] | undefined): boolean {
  const required = config.require_manifest;
  if (required === undefined) return false;
  if (required === true) return true;
  return (topics ?? []).some((t) => required.topics.includes(t.toLowerCase()));
}

interface RawConfig {
  require_manifest?: boolean | { repositories?: string[]; topics?: string[] };
  manifest?: string;
  mode?: Mode;
  time_zone?: string;
  artefacts?: { builtin?: boolean; sources?: Array<{ repository: string; path?: string }> };
  unknown?: Partial<AssureConfig['unknown']>;
  evidence?: { contradictions?: 'fail' | 'warn' };
  exceptions?: {
    repository?: string;
    max_days?: Partial<Record<'minor' | 'challenge' | 'major', number>>;
    approvals?: Partial<Record<'minor' | 'challenge' | 'major', number>>;
    reminders?: number[];
  };
  deciders?: Partial<Record<(typeof TIERS)[number], string>> & { approvers?: string[] };
  areas?: Record<string, string>;
  labels?: { prefix?: string };
  sweep?: { interval_minutes?: number };
}

function keyPath(segments: readonly Segment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function explain(error: ErrorObject): string {
  if (error.keyword === 'pattern') {
    if (/\$defs\/(repository)\//.test(error.schemaPath)) return 'must be a repository written owner/name';
    if (/\$defs\/team\//.test(error.schemaPath)) return 'must be a GitHub team written org/team-slug';
    if (/approvers/.test(error.schemaPath)) return 'must be a GitHub login';
    if (/propertyNames/.test(error.schemaPath)) return 'area names are letters, digits, spaces, dots, dashes and underscores';
    if (/prefix/.test(error.schemaPath)) return 'must not contain ":" or ","';
    return 'must be a relative path inside the repository (no leading "/", no "..")';
  }
  if (error.keyword === 'propertyNames') return 'has an area name that is not allowed';
  if (error.keyword === 'uniqueItems') return 'lists the same value twice';
  if (error.keyword === 'minimum' || error.keyword === 'maximum') {
    return `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String((error.params as { limit: number }).limit)}`;
  }
  if (error.keyword === 'maxItems' || error.keyword === 'maxProperties') return `has more than ${String((error.params as { limit: number }).limit)} entries`;
  if (error.keyword === 'minLength') return 'must not be empty';
  if (error.keyword === 'maxLength') return `must be at most ${String((error.params as { limit: number }).limit)} characters`;
  if (error.keyword === 'type' && (error.params as { type?: string }).type === 'integer') return 'must be a whole number';
  return describeError(error);
}
