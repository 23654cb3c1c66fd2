// Who may decide an exception: active members of the team configured for its tier (asked of GitHub's team
// membership API; author_association does not show teams), or, when membership cannot be read, the
// logins listed in deciders.approvers. Never the requester or the pull request's author.
import type { GitHubContext } from '../context.js';
import type { AssureConfig } from '../config/types.js';
import { TIER_NAMES } from './issue.js';
import type { ExceptionRecord } from './record.js';

export type Verdict = { ok: true; rule: string } | { ok: false; why: string };

function same(a: string | undefined, b: string): boolean {
  return !!a && a.toLowerCase() === b.toLowerCase();
}

export function isParty(record: ExceptionRecord, login: string): 'requester' | 'author' | undefined {
  if (same(record.requester, login)) return 'requester';
  if (same(record.author, login)) return 'author';
  return undefined;
}

async function teamMember(ctx: GitHubContext, team: string, login: string): Promise<'active' | 'pending' | 'no' | 'unreadable'> {
  const [org, slug] = team.split('/');
  if (!org || !slug) return 'no';
  try {
    const { data } = await ctx.gh.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
    return data.state === 'active' ? 'active' : 'pending';
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) return 'no';
    if (status === 403 || status === 401) return 'unreadable';
    throw error;
  }
}

function fromList(config: AssureConfig, login: string, because: string): Verdict {
  if (config.deciders.approvers.some((a) => same(a, login))) return { ok: true, rule: `listed in deciders.approvers${because}` };
  const listed = config.deciders.approvers.length > 0 ? config.deciders.approvers.map((a) => `@${a}`).join(', ') : 'nobody (deciders.approvers is empty)';
  return { ok: false, why: `only the approvers listed in the configuration may decide${because}: ${listed}` };
}

/** May `login` decide this exception at its current tier? */
export async function mayDecide(ctx: GitHubContext, config: AssureConfig, record: ExceptionRecord, login: string): Promise<Verdict> {
  const party = isParty(record, login);
  if (party) return { ok: false, why: `the ${party === 'requester' ? 'person who asked for an exception' : "pull request's author"} may never decide it` };
  const team = config.deciders[record.tier];
  if (ctx.membership === 'list') return fromList(config, login, '');
  if (!team) {
    if (config.deciders.approvers.length > 0) return fromList(config, login, ` (no team is configured as deciders.${record.tier})`);
    return { ok: false, why: `no team is configured to decide at this tier: set deciders.${record.tier} in .github/assure.yml` };
  }
  const member = await teamMember(ctx, team, login);
  if (member === 'active') return { ok: true, rule: `active member of ${team}` };
  if (member === 'unreadable') return fromList(config, login, ` (the token cannot read membership of ${team})`);
  return { ok: false, why: `only active members of @${team} (the ${TIER_NAMES[record.tier]}) may decide at this tier${member === 'pending' ? '; your invitation to the team is still pending' : ''}` };
}
