// Check runs: create, update (annotations append across updates), read, list annotations, list for a ref.
import { SimError, notFound } from '../errors.js';
import { isoSeconds, type SimAnnotation, type SimCheckRun, type SimModel } from '../model.js';
import { paginate, shaOrFail, type Json, type Routes } from './route.js';

/** A create or update request applied to a run; annotations append, as on GitHub. */
function applyCheckRunBody(model: SimModel, run: SimCheckRun, body: Json, creating: boolean): void {
  if (typeof body.name === 'string') run.name = body.name;
  if (typeof body.details_url === 'string') run.detailsUrl = body.details_url;
  if (typeof body.external_id === 'string') run.externalId = body.external_id;
  if (typeof body.started_at === 'string') run.startedAt = isoSeconds(new Date(body.started_at));
  if (typeof body.status === 'string') run.status = body.status;
  if (typeof body.conclusion === 'string') {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  if (run.status === 'completed') {
    if (!run.conclusion) throw new SimError(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
    run.completedAt = typeof body.completed_at === 'string' ? isoSeconds(new Date(body.completed_at)) : (run.completedAt ?? model.stamp());
  } else if (typeof body.completed_at === 'string') {
    throw new SimError(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
  }
  const output = body.output as { title?: string; summary?: string; text?: string; annotations?: SimAnnotation[] } | undefined;
  if (output) {
    if (output.title !== undefined) run.output.title = output.title;
    if (output.summary !== undefined) run.output.summary = output.summary;
    if (output.text !== undefined) run.output.text = output.text;
    // Each request's annotations are appended to those already on the run, as on GitHub.
    for (const a of output.annotations ?? []) run.output.annotations.push({ ...a });
  }
  if (Array.isArray(body.actions)) run.actions = (body.actions as SimCheckRun['actions']).map((a) => ({ ...a }));
  if (creating && !run.startedAt) run.startedAt = model.stamp();
}

export function checkRoutes(model: SimModel, appId: number): Routes {
  return {
    'checks/create': (ctx) => {
      const body = ctx.body as Json;
      const headSha = String(body.head_sha);
      if (!ctx.repo.commits.has(headSha)) throw new SimError(422, `No commit found for SHA: ${headSha}`);
      const suite = model.suiteFor(ctx.repo, headSha);
      const run: SimCheckRun = {
        id: model.nextId('check-run', 9_000_000),
        repo: ctx.repo.fullName,
        headSha,
        name: String(body.name),
        status: 'queued',
        conclusion: null,
        externalId: null,
        detailsUrl: null,
        startedAt: null,
        completedAt: null,
        output: { title: null, summary: null, text: null, annotations: [] },
        actions: [],
        suiteId: suite.id,
        appId,
      };
      applyCheckRunBody(model, run, body, true);
      model.checkRuns.set(run.id, run);
      return { status: 201, body: ctx.render.checkRun(run) };
    },

    'checks/update': (ctx) => {
      const run = model.checkRuns.get(Number(ctx.params.check_run_id));
      if (!run || run.repo !== ctx.repo.fullName) throw notFound();
      const draft: SimCheckRun = { ...run, output: { ...run.output, annotations: [...run.output.annotations] } };
      applyCheckRunBody(model, draft, ctx.body as Json, false);
      Object.assign(run, draft);
      return { status: 200, body: ctx.render.checkRun(run) };
    },

    'checks/get': (ctx) => {
      const run = model.checkRuns.get(Number(ctx.params.check_run_id));
      if (!run || run.repo !== ctx.repo.fullName) throw notFound();
      return { status: 200, body: ctx.render.checkRun(run) };
    },

    'checks/list-annotations': (ctx) => {
      const run = model.checkRuns.get(Number(ctx.params.check_run_id));
      if (!run || run.repo !== ctx.repo.fullName) throw notFound();
      const page = paginate(ctx, run.output.annotations);
      return { status: 200, body: page.items.map((a) => ctx.render.annotation(run, a)), headers: page.headers };
    },

    'checks/list-for-ref': (ctx) => {
      const sha = shaOrFail(model, ctx.repo, ctx.params.ref ?? '');
      let runs = [...model.checkRuns.values()].filter((r) => r.repo === ctx.repo.fullName && r.headSha === sha);
      if (ctx.query.check_name !== undefined) runs = runs.filter((r) => r.name === ctx.query.check_name);
      if (ctx.query.status !== undefined) runs = runs.filter((r) => r.status === ctx.query.status);
      if (ctx.query.app_id !== undefined) runs = runs.filter((r) => r.appId === Number(ctx.query.app_id));
      runs.sort((a, b) => b.id - a.id);
      if ((ctx.query.filter ?? 'latest') === 'latest') {
        const seen = new Set<string>();
        runs = runs.filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
      }
      const page = paginate(ctx, runs);
      return { status: 200, body: { total_count: runs.length, check_runs: page.items.map((r) => ctx.render.checkRun(r)) }, headers: page.headers };
    },
  };
}
