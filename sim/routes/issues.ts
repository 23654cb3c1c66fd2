// Issues (pull requests included, as on GitHub), their comments and labels, and the repository's labels.
import { SimError, notFound, unsupported } from '../errors.js';
import type { SimIssue, SimModel } from '../model.js';
import { labelNames, paginate, sortBy, type Ctx, type Json, type Reply, type Routes } from './route.js';

export function issueRoutes(model: SimModel): Routes {
  const issueOf = (ctx: Ctx): SimIssue => model.issue(ctx.repo, Number(ctx.params.issue_number));
  const labelsReply = (ctx: Ctx, issue: SimIssue): Reply => ({ status: 200, body: issue.labels.map((name) => ctx.render.label(ctx.repo, name)) });

  return {
    'issues/list-for-repo': (ctx) => {
      const q = ctx.query;
      for (const name of ['mentioned', 'type', 'issue_field_values']) {
        if (q[name] !== undefined) throw unsupported(`the ${name} filter on GET /repos/{owner}/{repo}/issues`);
      }
      if (q.milestone !== undefined && q.milestone !== 'none' && q.milestone !== '*') throw unsupported('milestones');
      const state = (q.state as string | undefined) ?? 'open';
      let issues = [...ctx.repo.issues.values()].filter((i) => state === 'all' || i.state === state);
      if (q.milestone === '*') issues = [];
      if (typeof q.labels === 'string' && q.labels !== '') {
        const wanted = q.labels.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean);
        issues = issues.filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)));
      }
      if (typeof q.creator === 'string') issues = issues.filter((i) => i.user.toLowerCase() === (q.creator as string).toLowerCase());
      if (typeof q.assignee === 'string') {
        const a = q.assignee.toLowerCase();
        issues = issues.filter((i) => (a === 'none' ? i.assignees.length === 0 : a === '*' ? i.assignees.length > 0 : i.assignees.some((x) => x.toLowerCase() === a)));
      }
      if (typeof q.since === 'string') {
        const since = new Date(q.since).getTime();
        issues = issues.filter((i) => new Date(i.updatedAt).getTime() >= since);
      }
      const sort = (q.sort as string | undefined) ?? 'created';
      const direction = (q.direction as 'asc' | 'desc' | undefined) ?? 'desc';
      issues = sortBy(
        issues,
        (i) => (sort === 'updated' ? i.updatedAt : sort === 'comments' ? model.commentsOn(ctx.repo, i.number).length : i.createdAt),
        direction,
        (i) => i.number,
      );
      const page = paginate(ctx, issues);
      return { status: 200, body: page.items.map((i) => ctx.render.issue(ctx.repo, i)), headers: page.headers };
    },

    'issues/create': (ctx) => {
      const body = ctx.body as Json;
      if (body.milestone !== undefined && body.milestone !== null) throw unsupported('milestones');
      const assignees = [...((body.assignees as string[] | undefined) ?? []), ...(typeof body.assignee === 'string' ? [body.assignee] : [])];
      const issue = model.createIssue(ctx.repo, {
        title: String(body.title),
        body: (body.body as string | null | undefined) ?? null,
        user: ctx.actor,
        labels: labelNames({ labels: body.labels }),
        assignees,
      });
      return { status: 201, body: ctx.render.issue(ctx.repo, issue) };
    },

    'issues/get': (ctx) => ({ status: 200, body: ctx.render.issue(ctx.repo, issueOf(ctx)) }),

    'issues/update': (ctx) => {
      const issue = issueOf(ctx);
      const body = ctx.body as Json;
      if (body.milestone !== undefined && body.milestone !== null) throw unsupported('milestones');
      const changes: Parameters<SimModel['updateIssue']>[2] = {};
      if (body.title !== undefined && body.title !== null) changes.title = String(body.title);
      if (body.body !== undefined) changes.body = body.body as string | null;
      if (body.state === 'open' || body.state === 'closed') changes.state = body.state;
      if (body.state_reason !== undefined) changes.stateReason = body.state_reason as string | null;
      if (body.labels !== undefined) changes.labels = labelNames({ labels: body.labels });
      if (body.assignees !== undefined) changes.assignees = body.assignees as string[];
      model.updateIssue(ctx.repo, issue, changes, ctx.actor);
      return { status: 200, body: ctx.render.issue(ctx.repo, issue) };
    },

    'issues/list-comments': (ctx) => {
      const issue = issueOf(ctx);
      let comments = model.commentsOn(ctx.repo, issue.number).sort((a, b) => a.id - b.id);
      if (typeof ctx.query.since === 'string') {
        const since = new Date(ctx.query.since).getTime();
        comments = comments.filter((c) => new Date(c.updatedAt).getTime() >= since);
      }
      const page = paginate(ctx, comments);
      return { status: 200, body: page.items.map((c) => ctx.render.comment(c)), headers: page.headers };
    },

    'issues/create-comment': (ctx) => {
      const issue = issueOf(ctx);
      const comment = model.addComment(ctx.repo, issue, ctx.actor, String((ctx.body as Json).body));
      return { status: 201, body: ctx.render.comment(comment) };
    },

    'issues/update-comment': (ctx) => {
      const comment = model.comments.get(Number(ctx.params.comment_id));
      if (!comment || comment.repo !== ctx.repo.fullName) throw notFound();
      model.editComment(comment, String((ctx.body as Json).body));
      return { status: 200, body: ctx.render.comment(comment) };
    },

    'issues/add-labels': (ctx) => {
      const issue = issueOf(ctx);
      model.setIssueLabels(ctx.repo, issue, [...issue.labels, ...labelNames(ctx.body)]);
      return labelsReply(ctx, issue);
    },

    'issues/set-labels': (ctx) => {
      const issue = issueOf(ctx);
      model.setIssueLabels(ctx.repo, issue, labelNames(ctx.body));
      return labelsReply(ctx, issue);
    },

    'issues/remove-label': (ctx) => {
      const issue = issueOf(ctx);
      const name = (ctx.params.name ?? '').toLowerCase();
      if (!issue.labels.some((l) => l.toLowerCase() === name)) throw new SimError(404, 'Label does not exist');
      model.setIssueLabels(ctx.repo, issue, issue.labels.filter((l) => l.toLowerCase() !== name));
      return labelsReply(ctx, issue);
    },

    'issues/create-label': (ctx) => {
      const body = ctx.body as { name: string; color?: string; description?: string };
      if (model.label(ctx.repo, body.name, false)) {
        throw new SimError(422, 'Validation Failed', { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      }
      const color = (body.color ?? 'ededed').replace(/^#/, '');
      if (!/^[0-9a-fA-F]{6}$/.test(color)) throw new SimError(422, 'Validation Failed', { errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] });
      model.label(ctx.repo, body.name, true, color.toLowerCase(), body.description ?? null);
      return { status: 201, body: ctx.render.label(ctx.repo, body.name) };
    },

    'issues/get-label': (ctx) => ({ status: 200, body: ctx.render.label(ctx.repo, ctx.params.name ?? '') }),
  };
}
