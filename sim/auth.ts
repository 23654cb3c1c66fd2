// Who may do what on the local GitHub: installation tokens and the App's JSON web tokens, each request
// authenticated, then authorised against the permissions GitHub lists for its operation.
import type { IncomingHttpHeaders } from 'node:http';
import { createHash, createVerify, type KeyObject } from 'node:crypto';
import { SimError, notFound } from './errors.js';
import type { SimInstallation, SimModel, SimRepo } from './model.js';

export type Level = 'read' | 'write' | 'admin';

export const ACTIONS_TOKEN_PERMISSIONS: Record<string, Level> = { checks: 'write', contents: 'read', issues: 'write', metadata: 'read', pull_requests: 'write' };

const APP_OPERATIONS = new Set(['apps/get-authenticated', 'apps/create-installation-access-token', 'apps/get-repo-installation']);

/** What an installation token needs for each operation (GitHub's "Permissions required" for fine-grained access). */
const NEEDS: Record<string, [string, Level]> = {
  'repos/get': ['metadata', 'read'],
  'repos/get-content': ['contents', 'read'],
  'git/get-tree': ['contents', 'read'],
  'repos/get-commit': ['contents', 'read'],
  'repos/get-branch': ['contents', 'read'],
  'repos/get-collaborator-permission-level': ['metadata', 'read'],
  'checks/create': ['checks', 'write'],
  'checks/update': ['checks', 'write'],
  'checks/get': ['checks', 'read'],
  'checks/list-annotations': ['checks', 'read'],
  'checks/list-for-ref': ['checks', 'read'],
  'pulls/list': ['pull_requests', 'read'],
  'pulls/get': ['pull_requests', 'read'],
  'issues/list-for-repo': ['issues', 'read'],
  'issues/get': ['issues', 'read'],
  'issues/list-comments': ['issues', 'read'],
  'issues/get-label': ['metadata', 'read'],
  'issues/create': ['issues', 'write'],
  'issues/update': ['issues', 'write'],
  'issues/create-comment': ['issues', 'write'],
  'issues/update-comment': ['issues', 'write'],
  'issues/add-labels': ['issues', 'write'],
  'issues/set-labels': ['issues', 'write'],
  'issues/remove-label': ['issues', 'write'],
  'issues/create-label': ['issues', 'write'],
  'teams/get-membership-for-user-in-org': ['members', 'read'],
};

export interface Grant {
  token: string;
  login: string;
  installationId?: number;
  repositories: 'all' | string[];
  permissions: Record<string, Level>;
}

export type Auth = { kind: 'app' } | { kind: 'grant'; grant: Grant };

/** Issues an installation token, optionally narrowed to some repositories or permissions. */
export type TokenIssuer = (installation: SimInstallation, narrow?: { repositories?: string[]; permissions?: Record<string, Level> }) => Grant;

export const LEVELS: Record<Level, number> = { read: 1, write: 2, admin: 3 };

function decodeJwtPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What authorisation looks at in a request. */
export interface AuthorisedRequest {
  operationId: string;
  params: Record<string, string>;
  auth: Auth;
  repo: SimRepo;
}

export interface AuthOptions {
  model: SimModel;
  appId: number;
  botLogin: string;
  /** The App's public key: JSON web tokens are verified when it is given. */
  publicKey: KeyObject | undefined;
}

export function createAuth({ model, appId, botLogin, publicKey }: AuthOptions) {
  const grants = new Map<string, Grant>();
  let tokenCount = 0;

  const issueToken: TokenIssuer = (installation, narrow = {}) => {
    tokenCount += 1;
    const token = `ghs_${createHash('sha256').update(`${installation.id}:${tokenCount}:${appId}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`;
    const repositories = narrow.repositories ? narrow.repositories.map((name) => `${installation.account}/${name}`) : installation.repositories;
    const grant: Grant = { token, login: botLogin, installationId: installation.id, repositories, permissions: { ...(narrow.permissions ?? installation.permissions) } };
    grants.set(token, grant);
    return grant;
  };

  const authenticate = (headers: IncomingHttpHeaders, operationId: string): Auth => {
    const header = headers.authorization ?? '';
    const match = /^(token|bearer)\s+(\S+)$/i.exec(header);
    if (!match?.[2]) throw new SimError(401, 'Requires authentication');
    const credential = match[2];
    if (APP_OPERATIONS.has(operationId)) {
      const parts = credential.split('.');
      const [head, payload, signature] = parts;
      const claims = payload ? decodeJwtPart(payload) : undefined;
      if (parts.length !== 3 || !head || !signature || !decodeJwtPart(head) || !claims) {
        throw new SimError(401, 'A JSON web token could not be decoded');
      }
      const issuer = String(claims.iss ?? '');
      if (issuer !== String(appId) && issuer !== model.app.clientId) throw new SimError(401, `'Issuer' claim ('iss') must be the App's id (${appId})`);
      if (publicKey) {
        const verifier = createVerify('RSA-SHA256');
        verifier.update(`${head}.${payload}`);
        if (!verifier.verify(publicKey, Buffer.from(signature, 'base64url'))) throw new SimError(401, 'A JSON web token could not be decoded');
      }
      return { kind: 'app' };
    }
    const grant = grants.get(credential);
    if (!grant) throw new SimError(401, 'Bad credentials');
    return { kind: 'grant', grant };
  };

  const canReach = (grant: Grant, repo: SimRepo): boolean => {
    if (grant.installationId !== undefined) {
      const installation = model.installations.get(grant.installationId);
      if (!installation || installation.account.toLowerCase() !== repo.owner.toLowerCase()) return false;
    }
    return grant.repositories === 'all' || grant.repositories.some((name) => name.toLowerCase() === repo.fullName.toLowerCase());
  };

  const allowed = (grant: Grant, permission: string, level: Level): boolean => {
    const held = grant.permissions[permission];
    return held !== undefined && LEVELS[held] >= LEVELS[level];
  };

  const authorise = (ctx: AuthorisedRequest, method: string): void => {
    if (ctx.auth.kind !== 'grant') return;
    const grant = ctx.auth.grant;
    const need = NEEDS[ctx.operationId];
    if (ctx.params.owner !== undefined && ctx.params.repo !== undefined) {
      const reachable = canReach(grant, ctx.repo);
      if (!reachable) {
        // Anyone may read a public repository; nothing else of another account is visible.
        if (ctx.repo.visibility === 'public' && method === 'GET') return;
        if (ctx.repo.visibility === 'public') throw new SimError(403, 'Resource not accessible by integration');
        throw notFound();
      }
    }
    if (need && !allowed(grant, need[0], need[1])) {
      // Issues endpoints on a pull request also accept the pull requests permission.
      const onPull = need[0] === 'issues' && ctx.params.issue_number !== undefined && ctx.repo.issues.get(Number(ctx.params.issue_number))?.pull;
      if (!(onPull && allowed(grant, 'pull_requests', need[1]))) throw new SimError(403, 'Resource not accessible by integration');
    }
  };

  return { grants, issueToken, authenticate, authorise };
}
