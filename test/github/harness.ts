// A local GitHub (sim/) with the GitHub layer's context pointed at it, and the designs the tests use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleTree } from '../../scripts/support/example-repos.js';
import { createClient } from '../../github/client.js';
import type { GitHubContext } from '../../github/context.js';
import { configCache } from '../../github/config/load.js';
import { artefactCache } from '../../github/design/artefacts.js';
import { exemptionCache } from '../../github/exceptions/store.js';
import { createGitHubSim, type GitHubSim, type GitHubSimOptions } from '../../sim/github.js';
import { root } from '../helpers.js';
import { testKeys } from '../keys.js';

/** The examples as the test repository acme/app holds them: its owner and name are what GitHub shows. */
const inTestRepository = (text: string): string => text.replace(/^ {2}org: .*$/m, '  org: acme').replace(/^ {2}repository: .*$/m, '  repository: app');
export const COMPLIANT = inTestRepository(readFileSync(join(root, 'examples/compliant-service/design.yml'), 'utf8'));
/** Fails DDTS-notifications (email through SendGrid): one must-level failure. */
export const BETA = inTestRepository(readFileSync(join(root, 'examples/beta-service/design.yml'), 'utf8'));

export const COMPLIANT_TREE = exampleTree('compliant-service');
/**
 * The beta example's files with its .nvmrc agreeing with the Node version it declares (the example shows
 * a contradiction there on purpose): the one failure left is the one an exception is asked for.
 */
export const BETA_TREE = { ...exampleTree('beta-service'), '.nvmrc': '22\n' };

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
