// A local GitHub for end-to-end tests, the demo and load tests: the REST operations assure uses, served from
// memory on loopback. Every request is first checked against GitHub's OpenAPI description (sim/openapi-subset.json);
// one GitHub would refuse gets a 422 and lands in `rejected`, so tests can insist that list stays empty.
// This file wires the parts together: state (model.ts), rendering (render.ts), who may do what (auth.ts),
// the operations (routes/), faults and rate limits (faults.ts), the server (server.ts), seeding (seed.ts).
import type http from 'node:http';
import { createPublicKey } from 'node:crypto';
import type { Clock } from '../src/time/clock.js';
import { ACTIONS_TOKEN_PERMISSIONS, createAuth, type Level } from './auth.js';
import { createFaults, createRateLimits, type FaultSpec } from './faults.js';
import { SimModel } from './model.js';
import { createRequestValidator, type RequestValidator } from './openapi-check.js';
import { SimRenderer } from './render.js';
import { appRoutes } from './routes/apps.js';
import { checkRoutes } from './routes/checks.js';
import { issueRoutes } from './routes/issues.js';
import { pullRoutes } from './routes/pulls.js';
import { repoRoutes } from './routes/repos.js';
import { teamRoutes } from './routes/teams.js';
import { createSeeding, type SimSeeding } from './seed.js';
import { startServer, type RequestLog } from './server.js';

export { SimModel } from './model.js';
export { SimError } from './errors.js';
export type * from './model.js';
export type { FaultSpec } from './faults.js';
export type { RequestLog } from './server.js';
export type { AddRepoOptions, OpenPullRequestOptions, SimSeeding } from './seed.js';

export interface SimToken {
  token: string;
  /** Who the token acts as (the author of what it creates). Default github-actions[bot]. */
  login?: string;
  /** Full names it can reach; default all. */
  repositories?: 'all' | string[];
  /** Default: what a workflow's GITHUB_TOKEN gets, which cannot read organisation membership. */
  permissions?: Record<string, Level>;
}

export interface GitHubSimOptions {
  /** The simulation's clock starts here (default 2026-01-05T09:00:00Z); see setNow and clock. */
  now?: Date | string;
  appId?: number;
  appSlug?: string;
  appName?: string;
  appOwner?: string;
  /** The App's bot user, author of everything created with an installation token. Default `${appSlug}[bot]`. */
  botLogin?: string;
  /** When given, App JWTs must be RS256-signed with this key (PEM); otherwise any well-formed JWT passes. */
  appPrivateKey?: string;
  /** Tokens accepted without an installation, e.g. a workflow's GITHUB_TOKEN for the Action. */
  tokens?: SimToken[];
  /** Requests per installation per hour of the simulation's clock; unset = reported (5000) but never enforced. */
  rateLimit?: number;
  /** Where html_url fields point. Default https://github.com. */
  htmlUrl?: string;
  /** Check each JSON response against the description too (mismatches go to the log entry's responseErrors). Default true. */
  checkResponses?: boolean;
  validator?: RequestValidator;
  host?: string;
  port?: number;
}

export interface GitHubSim extends SimSeeding {
  /** http://127.0.0.1:<port>; use as Octokit's baseUrl (http://127.0.0.1:<port>/api/v3 works too). */
  readonly url: string;
  readonly server: http.Server;
  /** Everything the simulation holds. */
  readonly state: SimModel;
  /** Renders the state as GitHub does (webhook payloads use it). */
  readonly render: SimRenderer;
  readonly clock: Clock;
  readonly botLogin: string;
  readonly appId: number;
  readonly requests: RequestLog[];
  readonly rejected: RequestLog[];
  close(): Promise<void>;
  now(): Date;
  setNow(date: Date | string): void;
  advance(ms: number): void;
  injectFaults(spec: FaultSpec | null): void;
}

export async function createGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const appSlug = options.appSlug ?? 'assure';
  const botLogin = options.botLogin ?? `${appSlug}[bot]`;
  const appId = options.appId ?? 1;
  const htmlUrl = options.htmlUrl ?? 'https://github.com';
  const model = new SimModel({
    now: new Date(options.now ?? '2026-01-05T09:00:00Z'),
    app: { id: appId, slug: appSlug, name: options.appName ?? appSlug, owner: options.appOwner ?? 'assure-app', botLogin },
  });
  const publicKey = options.appPrivateKey ? createPublicKey(options.appPrivateKey) : undefined;
  const { grants, issueToken, authenticate, authorise } = createAuth({ model, appId, botLogin, publicKey });
  for (const t of options.tokens ?? []) {
    grants.set(t.token, {
      token: t.token,
      login: t.login ?? 'github-actions[bot]',
      repositories: t.repositories ?? 'all',
      permissions: { ...(t.permissions ?? ACTIONS_TOKEN_PERMISSIONS) },
    });
    model.user(t.login ?? 'github-actions[bot]', 'Bot');
  }
  const faults = createFaults();
  const renderAt = (apiUrl: string): SimRenderer => new SimRenderer(model, apiUrl, htmlUrl);

  const server = await startServer({
    model,
    validator: options.validator ?? sharedValidator(),
    checkResponses: options.checkResponses ?? true,
    authenticate,
    authorise,
    rateLimit: createRateLimits(() => model.now(), options.rateLimit),
    chooseFault: faults.choose,
    routes: { ...appRoutes(model, issueToken), ...repoRoutes(model), ...checkRoutes(model, appId), ...pullRoutes(), ...issueRoutes(model), ...teamRoutes(model) },
    botLogin,
    renderAt,
    host: options.host,
    port: options.port,
  });
  const render = renderAt(server.url);

  return {
    url: server.url,
    server: server.server,
    state: model,
    render,
    clock: { now: () => model.now() },
    botLogin,
    appId,
    requests: server.requests,
    rejected: server.rejected,
    close: () => server.close(),
    now: () => model.now(),
    setNow: (date) => model.setNow(date),
    advance: (ms) => model.setNow(new Date(model.now().getTime() + ms)),
    injectFaults: (spec) => faults.inject(spec),
    ...createSeeding(model, render, issueToken),
  };
}

let validatorCache: RequestValidator | undefined;

function sharedValidator(): RequestValidator {
  validatorCache ??= createRequestValidator();
  return validatorCache;
}
