// Pull requests: list (state, head, base, sort) and read one.
import { notFound, unsupported } from '../errors.js';
import { paginate, sortBy, type Routes } from './route.js';

export function pullRoutes(): Routes {
  return {
    'pulls/list': (ctx) => {
      const state = (ctx.query.state as string | undefined) ?? 'open';
      let pulls = [...ctx.repo.issues.values()].filter((i) => i.pull && (state === 'all' || i.state === state));
      if (typeof ctx.query.head === 'string') {
        const [owner, ref] = ctx.query.head.includes(':') ? ctx.query.head.split(':', 2) : [ctx.repo.owner, ctx.query.head];
        pulls = pulls.filter((i) => owner?.toLowerCase() === ctx.repo.owner.toLowerCase() && i.pull?.headRef === ref);
      }
      if (typeof ctx.query.base === 'string') pulls = pulls.filter((i) => i.pull?.baseRef === ctx.query.base);
      const sort = (ctx.query.sort as string | undefined) ?? 'created';
      if (sort !== 'created' && sort !== 'updated') throw unsupported(`sort=${sort} on pulls`);
      const direction = (ctx.query.direction as 'asc' | 'desc' | undefined) ?? 'desc';
      pulls = sortBy(pulls, (i) => (sort === 'created' ? i.createdAt : i.updatedAt), direction, (i) => i.number);
      const page = paginate(ctx, pulls);
      return { status: 200, body: page.items.map((i) => ctx.render.pull(ctx.repo, i, false)), headers: page.headers };
    },

    'pulls/get': (ctx) => {
      const issue = ctx.repo.issues.get(Number(ctx.params.pull_number));
      if (!issue?.pull) throw notFound();
      return { status: 200, body: ctx.render.pull(ctx.repo, issue) };
    },
  };
}
