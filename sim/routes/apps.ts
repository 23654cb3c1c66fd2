// The App's own operations: who it is, installation tokens, and where it is installed.
import { LEVELS, type Level, type TokenIssuer } from '../auth.js';
import { SimError, notFound, unsupported } from '../errors.js';
import { isoSeconds, type SimModel } from '../model.js';
import type { Routes } from './route.js';

export function appRoutes(model: SimModel, issueToken: TokenIssuer): Routes {
  return {
    'apps/get-authenticated': (ctx) => ({ status: 200, body: ctx.render.app() }),

    'apps/create-installation-access-token': (ctx) => {
      const installation = model.installations.get(Number(ctx.params.installation_id));
      if (!installation) throw notFound();
      const body = (ctx.body ?? {}) as { repositories?: string[]; repository_ids?: number[]; permissions?: Record<string, Level> };
      if (body.repository_ids) throw unsupported('repository_ids when creating an installation token (use repositories)');
      for (const [name, level] of Object.entries(body.permissions ?? {})) {
        const held = installation.permissions[name];
        if (!held || LEVELS[held] < LEVELS[level]) {
          throw new SimError(422, `The permissions requested are not granted to this installation.`);
        }
      }
      const grant = issueToken(installation, body);
      const expires = new Date(model.now().getTime() + 3600_000);
      return {
        status: 201,
        body: {
          token: grant.token,
          expires_at: isoSeconds(expires),
          permissions: grant.permissions,
          repository_selection: grant.repositories === 'all' ? 'all' : 'selected',
        },
      };
    },

    'apps/get-repo-installation': (ctx) => {
      const installation = model.installationFor(ctx.repo.owner);
      if (!installation) throw notFound();
      if (installation.repositories !== 'all' && !installation.repositories.some((n) => n.toLowerCase() === ctx.repo.fullName.toLowerCase())) throw notFound();
      return { status: 200, body: ctx.render.installation(installation) };
    },
  };
}
