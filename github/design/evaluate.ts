// One design at one commit: the manifest (and a school's registers) read at that commit, the artefacts
// from the configured default branches, the exemptions recorded for the repository, evaluated.
import { attachRegisters, evaluate, parseManifest, type Evaluation, type Exemption, type InputProblem, type Manifest, type SourceFile } from '../../src/index.js';
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import type { AssureConfig } from '../config/types.js';
import { manifestRequired } from '../config/load.js';
// From the modules themselves, not src/evidence/index.js: a check needs neither the organisation's
// collectors (and their XPath package) nor the facts renderer.
import { BUILTIN_COLLECTORS } from '../../src/evidence/collectors/index.js';
import { collectEvidence } from '../../src/evidence/run.js';
import { evidenceHints } from '../../src/evidence/hints.js';
import { starterManifest } from '../../src/evidence/starter.js';
import type { EvidenceNote, Observation } from '../../src/evidence/types.js';
import { readAhead } from '../../src/evidence/ahead.js';
import { loadArtefactSources, type LoadedArtefacts } from './artefacts.js';
import { githubDesignSource, type DesignSource } from './source.js';

/** The exemptions in force for a design repository: the front door passes the exceptions store's, or none. */
export type ExemptionLoader = (ctx: GitHubContext, config: AssureConfig, designRepo: string) => Promise<Exemption[]>;

export type DesignOutcome =
  | {
      kind: 'no-manifest';
      path: string;
      /** A starter manifest filled from what the repository shows. */
      starter: string;
      /** The organisation requires a manifest here: its absence fails the check. */
      required: boolean;
    }
  | { kind: 'invalid'; path: string; problems: InputProblem[] }
  | { kind: 'evaluated'; path: string; evaluation: Evaluation; manifest: Manifest; artefacts: LoadedArtefacts; designProblems: InputProblem[] };

/** A reader of the design's files that refuses anything outside the repository. */
function sourceReader(source: Pick<DesignSource, 'readFile'>, refused: Set<string>): (path: string) => Promise<SourceFile | undefined> {
  return async (path) => {
    if (path === '..' || path.startsWith('../') || path.startsWith('/') || path.split('/').includes('..')) {
      refused.add(path);
      return undefined;
    }
    const text = await source.readFile(path);
    return text === undefined ? undefined : { path, text };
  };
}

/** Said when GitHub's settings were read from the event but its branch rules were not (they would cost a request per event). */
export const BRANCH_RULES_UNREAD: EvidenceNote = {
  kind: 'unavailable',
  message: 'default-branch protection and rulesets were not read from GitHub: declare them in the manifest (repository.branch_protection)',
};

/** What the repository shows, read with the built-in collectors from wherever its files come from. */
async function readObservation(source: DesignSource): Promise<Observation> {
  const observed = await collectEvidence(await source.files(), BUILTIN_COLLECTORS, source.platform ? { platform: source.platform } : {});
  if (source.platform && !source.platform.defaultBranch) observed.notes.push(BRANCH_RULES_UNREAD);
  return observed;
}

const observations = new WeakMap<DesignSource, Promise<Observation>>();

/** The source's observation, read once however often it is asked for. */
function observe(source: DesignSource): Promise<Observation> {
  let reading = observations.get(source);
  if (!reading) {
    reading = readObservation(source);
    observations.set(source, reading);
  }
  return reading;
}

/**
 * Starts reading what the repository shows before the design is evaluated: the Action does while its
 * configuration is fetched. `evaluateDesign` on the same source takes the reading up; a school's
 * design, which is not observed, leaves it unused.
 */
export function observeAhead(source: DesignSource): void {
  // After a turn of the event loop, so that a request just made is on its way first.
  setImmediate(() => observe(source).catch(() => undefined)); // evaluateDesign awaits it; this only keeps it from counting as unhandled meanwhile
}

/**
 * Evaluates the design at `sha`. `source` says where its files come from: by default GitHub at that
 * commit; the Action passes its checked-out working tree.
 */
export async function evaluateDesign(ctx: GitHubContext, config: AssureConfig, repo: RepoRef, sha: string, loadExemptions: ExemptionLoader, source: DesignSource = githubDesignSource(ctx, repo, sha)): Promise<DesignOutcome> {
  const path = config.manifest;
  const text = await source.readFile(path);
  if (text === undefined) return { kind: 'no-manifest', path, starter: await starterManifest(await observe(source), repo.repo), required: manifestRequired(config, source.platform?.topics) };
  const parsed = parseManifest({ path, text });
  const manifest = parsed.manifest;
  if (!manifest) return { kind: 'invalid', path, problems: parsed.problems };
  const refused = new Set<string>();
  const registerProblems = (await attachRegisters(manifest, sourceReader(source, refused))).map((p) => {
    const outside = [...refused].find((r) => p.message.includes(`: ${r} was not found`));
    return outside ? { ...p, message: p.message.replace(/ was not found.*$/, ' is outside the repository; a register must be a file in this repository') } : p;
  });
  if (registerProblems.some((p) => p.level === 'error')) return { kind: 'invalid', path, problems: [...parsed.problems, ...registerProblems] };

  // Collectors observe a service's repository; a school's digital estate has no repository to read.
  const observing = manifest.profile === 'school' ? undefined : await readAhead(observe(source));
  const artefacts = await loadArtefactSources(ctx, config, repo.owner);
  const designRepo = fullName(repo);
  const exemptions = await loadExemptions(ctx, config, designRepo);
  const observed = await observing?.pending;
  const evaluation = evaluate(manifest, artefacts.artefacts, {
    clock: ctx.clock,
    timeZone: config.time_zone,
    exemptions,
    repository: designRepo,
    unknown: config.unknown,
    contradictions: config.evidence.contradictions,
    ...(observed ? { observed, hints: evidenceHints(BUILTIN_COLLECTORS) } : {}),
  });
  const designProblems = [...parsed.problems, ...registerProblems];
  evaluation.problems.push(...designProblems, ...artefacts.problems.filter((p) => p.level !== 'error'));
  failClosed(evaluation, artefacts.problems.filter((p) => p.level === 'error'));
  return { kind: 'evaluated', path, evaluation, manifest, artefacts, designProblems };
}

/**
 * A design is never passed against fewer standards than configured: each artefact that could not be read
 * is an error result on the check (the standards' owners fix it; the design cannot certify meanwhile).
 */
export function failClosed(evaluation: Evaluation, broken: readonly InputProblem[]): void {
  for (const p of broken) {
    evaluation.results.push({
      artefact: p.file,
      artefactTitle: `${p.file} (cannot be used)`,
      rule: 'readable',
      status: 'error',
      severity: 'must',
      path: '$',
      message: `The standards file ${p.file}${p.line ? ` line ${p.line}` : ''} cannot be used (${p.message}), so this design was not checked against all the standards configured: their owners must fix it before any design can certify`,
    });
    evaluation.summary.error += 1;
    evaluation.ok = false;
  }
}
