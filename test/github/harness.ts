// A local GitHub (sim/) with the GitHub layer's context pointed at it, and the designs the tests use.
import { compliantRepository, failingRepository } from '../../scripts/support/example-repos.js';
import { createClient } from '../../github/client.js';
import type { GitHubContext } from '../../github/context.js';
import { configCache } from '../../github/config/load.js';
import { artefactCache } from '../../github/design/artefacts.js';
import { exemptionCache } from '../../github/exceptions/store.js';
import { createGitHubSim, type GitHubSim, type GitHubSimOptions } from '../../sim/github.js';
import { onIssueComment, onPullRequest } from '../../github/handlers.js';
import { issueCommentEvent, pullRequestEvent } from '../../sim/webhooks.js';
import { testKeys } from '../keys.js';

/**
 * The examples as the test repository acme/app holds them (what GitHub shows of its owner and name is
 * what they declare). The beta example's .nvmrc agrees with the Node version it declares (the example
 * contradicts it on purpose): its one failure is the standard an exception is asked for.
 */
export const COMPLIANT_TREE = compliantRepository('acme', 'app');
export const COMPLIANT = COMPLIANT_TREE['design.yml']!;
/** Fails GOV-mandated-notify (email through SendGrid): one must-level failure. */
export const BETA_TREE = failingRepository('acme', 'app');
export const BETA = BETA_TREE['design.yml']!;

/** An organisation standard that fails once for every language that is not .NET. */
export const ORG_STACK = `id: ORG-stack
title: Organisation stack
kind: standard
owner: Architecture
status: published
version: 1
review_by: 2027-06-30
source: https://example.org/standards/stack
severity: must
exemptable: true
remediation: Move to .NET.
rules:
  dotnet-only:
    given: $.languages[*].name
    assert: { enum: [dotnet] }
    message: '{{value}} is not on the organisation stack'
`;

export function manyLanguages(count: number): string {
  const langs = Array.from({ length: count }, (_, i) => `  - { name: lang${i}, version: "1" }`).join('\n');
  return `service:\n  name: Polyglot\n  phase: alpha\n  area: teaching-workforce\nlanguages:\n${langs}\n`;
}

export interface Harness {
  sim: GitHubSim;
  ctx(overrides?: Partial<GitHubContext>): GitHubContext;
  /** Requests the layer made since `mark()` (the simulation's log). */
  mark(): () => GitHubSim['requests'];
  close(): Promise<void>;
}

export async function startHarness(options: GitHubSimOptions = {}): Promise<Harness> {
  const sim = await createGitHubSim({ now: '2026-01-05T09:00:00Z', ...options });
  configCache.clear();
  artefactCache.clear();
  exemptionCache.clear();
  return {
    sim,
    ctx: (overrides = {}) => {
      const gh = createClient({ token: sim.createInstallationToken('acme'), baseUrl: sim.url, retries: false });
      return {
        gh,
        clock: sim.clock,
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
        botLogin: sim.botLogin,
        keys: testKeys(),
        membership: 'teams',
        deliveryId: `delivery-${Math.random().toString(36).slice(2)}`,
        ...overrides,
      };
    },
    mark: () => {
      const from = sim.requests.length;
      return () => sim.requests.slice(from);
    },
    close: () => sim.close(),
  };
}

/**
 * A failing pull request on acme/app whose exception to GOV-mandated-notify carol (an architect)
 * approved until 2027-02-28; `say` posts a further comment as the App receives it.
 */
export async function approvedException(h: Harness) {
  const config = 'exceptions:\n  repository: acme/architecture\ndeciders:\n  architecture: acme/architects\n';
  h.sim.addRepo({ owner: 'acme', name: '.github', files: { '.github/assure.yml': config } });
  h.sim.addRepo({ owner: 'acme', name: 'app', files: { '.github/assure.yml': config } });
  h.sim.setPermission('acme/app', 'alice', 'write');
  h.sim.addRepo({ owner: 'acme', name: 'architecture', files: { '.github/assure.yml': config } });
  h.sim.addTeamMember('acme', 'architects', 'carol');
  const pull = h.sim.openPullRequest({ repo: 'acme/app', author: 'dev', head: 'feature', files: { ...BETA_TREE, 'design.yml': BETA } }).number as number;
  await onPullRequest(h.ctx(), pullRequestEvent(h.sim, { repo: 'acme/app', number: pull, action: 'opened' }).payload as never);
  const say = async (repo: string, number: number, author: string, body: string) => {
    const comment = h.sim.addIssueComment({ repo, number, author, body, authorAssociation: 'MEMBER' }) as { id: number };
    return onIssueComment(h.ctx(), issueCommentEvent(h.sim, { commentId: comment.id, action: 'created' }).payload as never);
  };
  await say('acme/app', pull, 'alice', '/exception GOV-mandated-notify minor\nReason: contract\nUntil: 2027-03-31');
  const issue = h.sim.issues('acme/architecture')[0]!.number;
  await say('acme/architecture', issue, 'carol', '/approve until 2027-02-28');
  return { pull, say, issue, approvedBody: h.sim.issue('acme/architecture', issue).body! };
}
