// One design at one commit: the manifest (and a school's registers) read at that commit, the artefacts
// from the configured default branches, the exemptions recorded for the repository, evaluated.
import { attachRegisters, evaluate, parseManifest, type Evaluation, type Exemption, type InputProblem, type Manifest, type SourceFile } from '../../src/index.js';
import type { GitHubContext } from '../context.js';
import { fullName, type RepoRef } from '../repo.js';
import { readRepoFile } from '../config/contents.js';
import type { AssureConfig } from '../config/types.js';
import { loadArtefactSources, type LoadedArtefacts } from './artefacts.js';

/** The exemptions in force for a design repository: the front door passes the exceptions store's, or none. */
export type ExemptionLoader = (ctx: GitHubContext, config: AssureConfig, designRepo: string) => Promise<Exemption[]>;

export type DesignOutcome =
  | { kind: 'no-manifest'; path: string }
  | { kind: 'invalid'; path: string; problems: InputProblem[] }
  | { kind: 'evaluated'; path: string; evaluation: Evaluation; manifest: Manifest; artefacts: LoadedArtefacts; designProblems: InputProblem[] };

/** A reader of files at one commit that refuses anything outside the repository. */
export function repositoryReader(ctx: GitHubContext, repo: RepoRef, sha: string, refused: Set<string>): (path: string) => Promise<SourceFile | undefined> {
  return async (path) => {
    if (path === '..' || path.startsWith('../') || path.startsWith('/') || path.split('/').includes('..')) {
      refused.add(path);
      return undefined;
    }
    const text = await readRepoFile(ctx.gh, repo, path, sha);
    return text === undefined ? undefined : { path, text };
  };
}

export async function evaluateDesign(ctx: GitHubContext, config: AssureConfig, repo: RepoRef, sha: string, loadExemptions: ExemptionLoader): Promise<DesignOutcome> {
  const path = config.manifest;
  const text = await readRepoFile(ctx.gh, repo, path, sha);
  if (text === undefined) return { kind: 'no-manifest', path };
  const parsed = parseManifest({ path, text });
  const manifest = parsed.manifest;
  if (!manifest) return { kind: 'invalid', path, problems: parsed.problems };
  const refused = new Set<string>();
  const registerProblems = (await attachRegisters(manifest, repositoryReader(ctx, repo, sha, refused))).map((p) => {
    const outside = [...refused].find((r) => p.message.includes(`: ${r} was not found`));
    return outside ? { ...p, message: p.message.replace(/ was not found.*$/, ' is outside the repository; a register must be a file in this repository') } : p;
  });
  if (registerProblems.some((p) => p.level === 'error')) return { kind: 'invalid', path, problems: [...parsed.problems, ...registerProblems] };

  const artefacts = await loadArtefactSources(ctx, config, repo.owner);
  const designRepo = fullName(repo);
  const exemptions = await loadExemptions(ctx, config, designRepo);
  const evaluation = evaluate(manifest, artefacts.artefacts, { clock: ctx.clock, timeZone: config.time_zone, exemptions, repository: designRepo, unknown: config.unknown, contradictions: config.evidence.contradictions });
  // A broken artefact is the standards owners' to fix, not the design's: it is reported and left out.
  const artefactProblems = artefacts.problems.map((p) => ({ ...p, level: 'warning' as const, message: `artefact left out: ${p.message}` }));
  const designProblems = [...parsed.problems, ...registerProblems];
  evaluation.problems.push(...designProblems, ...artefactProblems);
  return { kind: 'evaluated', path, evaluation, manifest, artefacts, designProblems };
}
