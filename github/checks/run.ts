// Publishing a check: one check run per delivery (found again by its external_id, so a redelivered webhook
// or a second replica does not make another), always concluded, annotations in pages of 50, and one PR
// comment kept up to date.
import type { GitHubContext } from '../context.js';
import { fullName, parseRepo, repoWebUrl, type RepoRef } from '../repo.js';
import { serialise } from '../serialise.js';
import type { ConfigError } from '../config/errors.js';
import type { AssureConfig } from '../config/types.js';
import { ArtefactSourceError } from '../design/artefacts.js';
import type { PlatformSettings } from '../../src/evidence/index.js';
import { githubDesignSource, platformFromPayload } from '../design/source.js';
import { evaluateDesign, type DesignOutcome, type ExemptionLoader } from '../design/evaluate.js';
import { upsertPullComment } from './comment.js';
import { CHECK_NAME, MAX_ANNOTATIONS, configErrorReport, designReport, unfinishedReport, type CheckReport, type Conclusion } from './report.js';

export interface CheckTarget {
  owner: string;
  repo: string;
  headSha: string;
  pullNumber?: number;
  /** The event being handled: the check run's external_id, so the same delivery never makes two runs. */
  deliveryId?: string;
  /** The repository's web address (payload.repository.html_url); links in the report point there. */
  htmlUrl?: string;
  /** The repository's settings as the event's payload gives them (visibility, owner, topics). */
  platform?: PlatformSettings;
}

export interface CheckDeps {
  loadExemptions: ExemptionLoader;
}

export interface CheckResult {
  checkRunId: number;
  headSha: string;
  /** A redelivery reports the conclusion GitHub holds for the run. */
  conclusion: Conclusion | null;
  /** true when this delivery had already been handled: nothing was done again. */
  duplicate: boolean;
  outcome?: DesignOutcome;
}

const PAGE = 50;
function repoUrl(target: CheckTarget): string {
  return repoWebUrl(target, target.htmlUrl);
}

function describe(error: unknown): string {
  const e = error as { status?: number; message?: string };
  const message = (e?.message ?? String(error)).split('\n')[0] ?? '';
  return e?.status ? `GitHub answered ${e.status}: ${message}` : message;
}

async function findRun(ctx: GitHubContext, target: CheckTarget, externalId: string): Promise<{ id: number; status: string; conclusion: Conclusion | null } | undefined> {
  const runs = await ctx.gh.paginate(ctx.gh.rest.checks.listForRef, {
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    check_name: CHECK_NAME,
    filter: 'all',
    per_page: 100,
  });
  const run = runs.find((r) => r.external_id === externalId);
  return run ? { id: run.id, status: run.status, conclusion: run.conclusion as Conclusion | null } : undefined;
}

async function complete(ctx: GitHubContext, target: CheckTarget, id: number, report: CheckReport): Promise<void> {
  const base = { owner: target.owner, repo: target.repo, check_run_id: id };
  const annotations = report.annotations.slice(0, MAX_ANNOTATIONS);
  const left = report.annotations.length - annotations.length;
  const summary = left > 0 ? `${report.summary}\n\n> ${left} more annotations were left out; the tables above list every finding.` : report.summary;
  const output = (page: number) => ({ title: report.title, summary, annotations: annotations.slice(page * PAGE, (page + 1) * PAGE) });
  try {
    await ctx.gh.rest.checks.update({
      ...base,
      status: 'completed',
      conclusion: report.conclusion,
      completed_at: ctx.clock.now().toISOString(),
      output: output(0),
      ...(report.actions.length > 0 ? { actions: report.actions } : {}),
    });
  } catch (error) {
    // The run must not stay "in progress": conclude it with the verdict, which is known, and say the
    // details could not be published.
    ctx.log.error(`assure: completing check run ${id} failed: ${describe(error)}`);
    await ctx.gh.rest.checks.update({
      ...base,
      status: 'completed',
      conclusion: report.conclusion,
      completed_at: ctx.clock.now().toISOString(),
      output: { title: report.title, summary: `${report.title}\n\nThe full report could not be published (${describe(error)}). Re-run the check to see it.` },
    });
    return;
  }
  // Each update appends its annotations to those already on the run.
  for (let page = 1; page * PAGE < annotations.length; page++) {
    await ctx.gh.rest.checks.update({ ...base, output: output(page) });
  }
}

/** Starts (or, for a redelivery, finds) the run, builds the report, concludes it and updates the PR comment. */
async function publish(ctx: GitHubContext, target: CheckTarget, config: AssureConfig | undefined, build: () => Promise<{ report: CheckReport; outcome?: DesignOutcome }>): Promise<CheckResult> {
  const key = `${target.owner}/${target.repo}#${target.pullNumber ?? target.headSha}`.toLowerCase();
  return serialise(key, async () => {
    const externalId = target.deliveryId;
    const found = externalId ? await findRun(ctx, target, externalId) : undefined;
    if (found?.status === 'completed') {
      ctx.log.info(`assure: delivery ${externalId} already checked ${fullName(target)}@${target.headSha.slice(0, 7)} (run ${found.id})`);
      return { checkRunId: found.id, headSha: target.headSha, conclusion: found.conclusion, duplicate: true };
    }
    const id =
      found?.id ??
      (
        await ctx.gh.rest.checks.create({
          owner: target.owner,
          repo: target.repo,
          name: CHECK_NAME,
          head_sha: target.headSha,
          status: 'in_progress',
          started_at: ctx.clock.now().toISOString(),
          ...(externalId ? { external_id: externalId } : {}),
          output: { title: 'Checking the design', summary: 'Checking the design manifest against the standards.' },
        })
      ).data.id;

    let built: { report: CheckReport; outcome?: DesignOutcome };
    try {
      built = await build();
    } catch (error) {
      const what = error instanceof ArtefactSourceError ? 'the standards could not be read' : 'the check could not finish';
      ctx.log.error(`assure: checking ${fullName(target)}@${target.headSha.slice(0, 7)} failed: ${describe(error)}`);
      built = { report: unfinishedReport(config, what, describe(error)) };
    }
    await complete(ctx, target, id, built.report);
    if (target.pullNumber !== undefined) {
      try {
        await upsertPullComment(ctx, { owner: target.owner, repo: target.repo }, target.pullNumber, built.report, {
          headSha: target.headSha,
          runUrl: `${repoUrl(target)}/runs/${id}`,
        });
      } catch (error) {
        ctx.log.error(`assure: updating the comment on ${fullName(target)}#${target.pullNumber} failed: ${describe(error)}`);
      }
    }
    return { checkRunId: id, headSha: target.headSha, conclusion: built.report.conclusion, duplicate: false, outcome: built.outcome };
  });
}

/** Evaluates the design at the head commit and publishes the check run (and the PR comment when it is a PR). */
export async function runCheck(ctx: GitHubContext, config: AssureConfig, target: CheckTarget, deps: CheckDeps): Promise<CheckResult> {
  return publish(ctx, target, config, async () => {
    const repo = { owner: target.owner, repo: target.repo };
    const outcome = await evaluateDesign(ctx, config, repo, target.headSha, deps.loadExemptions, githubDesignSource(ctx, repo, target.headSha, target.platform));
    return { report: designReport(config, outcome, { repoUrl: repoUrl(target), headSha: target.headSha }), outcome };
  });
}

/** The configuration cannot be used: the check run says why (failure), so the problem is seen where it matters. */
export async function reportConfigError(ctx: GitHubContext, target: CheckTarget, error: ConfigError): Promise<CheckResult> {
  return publish(ctx, target, undefined, async () => ({ report: configErrorReport(error.problems) }));
}

/** New check runs on the head of every open PR in the repository and on its default branch. */
export async function rerunChecks(ctx: GitHubContext, config: AssureConfig, designRepo: string | RepoRef, deps: CheckDeps): Promise<CheckResult[]> {
  const repo = typeof designRepo === 'string' ? parseRepo(designRepo) : designRepo;
  if (!repo) throw new Error(`"${String(designRepo)}" is not a repository written owner/name`);
  const pulls = await ctx.gh.paginate(ctx.gh.rest.pulls.list, { owner: repo.owner, repo: repo.repo, state: 'open', per_page: 100 });
  const results: CheckResult[] = [];
  for (const pull of pulls) {
    results.push(
      await runCheck(ctx, config, { ...repo, headSha: pull.head.sha, pullNumber: pull.number, deliveryId: ctx.deliveryId, htmlUrl: pull.base.repo.html_url, platform: platformFromPayload(pull.base.repo) }, deps),
    );
  }
  const { data: info } = await ctx.gh.rest.repos.get({ owner: repo.owner, repo: repo.repo });
  const { data: branch } = await ctx.gh.rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch: info.default_branch });
  if (!results.some((r) => r.headSha === branch.commit.sha)) {
    results.push(await runCheck(ctx, config, { ...repo, headSha: branch.commit.sha, deliveryId: ctx.deliveryId, htmlUrl: info.html_url, platform: platformFromPayload(info) }, deps));
  }
  return results;
}
