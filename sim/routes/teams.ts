// Organisation teams: a user's membership (404 when not a member; active or pending).
import { notFound } from '../errors.js';
import type { SimModel } from '../model.js';
import type { Routes } from './route.js';

export function teamRoutes(model: SimModel): Routes {
  return {
    'teams/get-membership-for-user-in-org': (ctx) => {
      const org = ctx.params.org ?? '';
      if (ctx.auth.kind === 'grant' && ctx.auth.grant.installationId !== undefined) {
        const installation = model.installations.get(ctx.auth.grant.installationId);
        if (installation?.account.toLowerCase() !== org.toLowerCase()) throw notFound();
      }
      const team = model.team(org, ctx.params.team_slug ?? '', false);
      const login = ctx.params.username ?? '';
      const member = team?.members.get(login.toLowerCase());
      if (!team || !member) throw notFound();
      return { status: 200, body: ctx.render.teamMembership(team, model.user(login).login, member) };
    },
  };
}
