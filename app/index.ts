// The Probot App: wires each webhook event to its handler in github/handlers.ts. Nothing else lives here.
import type { Context, Probot } from 'probot';
import { systemClock, type Clock } from '../src/time/clock.js';
import type { GitHub } from '../github/client.js';
import type { GitHubContext } from '../github/context.js';
import { recordKeysFromEnv, type RecordKeys } from '../github/signing.js';
import {
  onCheckRerun,
  onIssueComment,
  onIssues,
  onPullRequest,
  onPullRequestClosed,
  onRequestedAction,
  type CheckRerunPayload,
  type HandlerDeps,
  type IssueCommentPayload,
  type IssuesPayload,
  type PullRequestPayload,
  type RequestedActionPayload,
} from '../github/handlers.js';
import { loadExemptions } from '../github/exceptions/store.js';
import { diskAssertionCache } from '../src/artefacts/compiled-cache.js';

export interface AppOptions {
  /** Default: the system clock. Tests and the demo move time with their own. */
  clock?: Clock;
  /** The keys that sign and verify exception records. Default: from ASSURE_SIGNING_KEY, ASSURE_SIGNING_KEY_ID, ASSURE_VERIFY_KEYS and ASSURE_LEGACY_RECORD_KEY. */
  keys?: RecordKeys;
  /** The App's bot login; default `<app slug>[bot]`, asked of GitHub once. */
  botLogin?: string;
  deps?: HandlerDeps;
}

export function createApp(options: AppOptions = {}): (app: Probot) => void {
  return (app) => {
    // Records are signed with a key of their own: rotating WEBHOOK_SECRET changes nothing about them.
    const keys = options.keys ?? recordKeysFromEnv(process.env, { sign: true });
    const clock = options.clock ?? systemClock;
    // The exemptions in force are those recorded in the exception issues, as the Action's bundle wires them.
    const deps: HandlerDeps = { loadExemptions, ...options.deps };
    let botLogin: Promise<string> | undefined = options.botLogin ? Promise.resolve(options.botLogin) : undefined;
    const login = (): Promise<string> => {
      botLogin ??= app
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => `${data?.slug ?? 'assure'}[bot]`);
      // A failed lookup is asked again on the next event rather than remembered.
      botLogin.catch(() => (botLogin = undefined));
      return botLogin;
    };

    // Compiled organisation artefacts outlive the process, so a restarted replica does not compile them again.
    const assertionCache = diskAssertionCache();
    const contextFor = async (context: Context): Promise<GitHubContext> => ({
      gh: context.octokit as unknown as GitHub,
      clock,
      log: { info: (m) => context.log.info(m), warn: (m) => context.log.warn(m), error: (m) => context.log.error(m) },
      botLogin: await login(),
      keys,
      membership: 'teams',
      deliveryId: context.id,
      assertionCache,
    });

    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'], async (context) => {
      await onPullRequest(await contextFor(context), context.payload as unknown as PullRequestPayload, deps);
    });
    app.on(['check_run.rerequested', 'check_suite.rerequested'], async (context) => {
      await onCheckRerun(await contextFor(context), context.payload as unknown as CheckRerunPayload, deps);
    });
    app.on('pull_request.closed', async (context) => {
      await onPullRequestClosed(await contextFor(context), context.payload as unknown as PullRequestPayload, deps);
    });
    app.on('issue_comment.created', async (context) => {
      await onIssueComment(await contextFor(context), context.payload as unknown as IssueCommentPayload, deps);
    });
    app.on(['issues.labeled', 'issues.unlabeled', 'issues.edited'], async (context) => {
      await onIssues(await contextFor(context), context.payload as unknown as IssuesPayload, deps);
    });
    app.on('check_run.requested_action', async (context) => {
      await onRequestedAction(await contextFor(context), context.payload as unknown as RequestedActionPayload, deps);
    });
  };
}

export default createApp();
