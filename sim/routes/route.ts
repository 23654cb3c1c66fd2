// What every REST operation of the local GitHub is given and returns, and the list conventions they share
// (pagination with Link headers, sorting, label lists, refs that must name a commit).
import type { IncomingHttpHeaders } from 'node:http';
import type { Auth } from '../auth.js';
import { SimError } from '../errors.js';
import type { SimModel, SimRepo } from '../model.js';
import type { SimRenderer } from '../render.js';

export type Json = Record<string, unknown>;

/** One request, authenticated and authorised, as an operation sees it. */
export interface Ctx {
  operationId: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  headers: IncomingHttpHeaders;
  auth: Auth;
  /** The authenticated actor's login (the author of what this request creates). */
  actor: string;
  /** The repository the path names (operations without one never read it). */
  repo: SimRepo;
  /** The request's own URL (for Link headers), with any /api/v3 prefix. */
  self: URL;
  /** Renders under the address the client used (GitHub Enterprise clients add /api/v3). */
  render: SimRenderer;
}

export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type Route = (ctx: Ctx) => Reply;

/** Operation id (as in GitHub's OpenAPI description) -> what answers it. */
export type Routes = Record<string, Route>;

/** A page of `items` as `per_page` and `page` ask, with GitHub's Link header. */
export function paginate<T>(ctx: Ctx, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Number(ctx.query.per_page ?? 30);
  const page = Number(ctx.query.page ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number): string => {
    const url = new URL(ctx.self.href);
    url.searchParams.set('page', String(n));
    return `<${url.href}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
  if (page > 1) links.push(`${link(1)}; rel="first"`);
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(', ') } : {} };
}

export function sortBy<T>(items: T[], key: (item: T) => string | number, direction: 'asc' | 'desc', tie: (item: T) => number): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
    return (tie(a) - tie(b)) * sign;
  });
}

/** Label names from a request body: a name, a list of names or of `{ name }`, or `{ labels: ... }`. */
export function labelNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : typeof body === 'string' ? [body] : (body as { labels?: unknown } | undefined)?.labels;
  if (typeof list === 'string') return [list];
  if (!Array.isArray(list)) return [];
  return list.map((item) => (typeof item === 'string' ? item : String((item as { name?: unknown }).name ?? ''))).filter((n) => n !== '');
}

/** The commit a ref names, or GitHub's 422 when there is none. */
export function shaOrFail(model: SimModel, repo: SimRepo, ref: string): string {
  const sha = model.resolveRef(repo, ref);
  if (!sha) throw new SimError(422, `No commit found for SHA: ${ref}`);
  return sha;
}
