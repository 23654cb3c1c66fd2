// Repositories: metadata, file contents and directory listings at a ref, commits, branches, collaborators' permissions.
import { createHash } from 'node:crypto';
import { SimError, notFound } from '../errors.js';
import { blobSha, type Permission, type SimModel } from '../model.js';
import { shaOrFail, type Json, type Routes } from './route.js';

function base64Lines(text: string): string {
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  return (b64.match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join('');
}

export function repoRoutes(model: SimModel): Routes {
  return {
    'repos/get': (ctx) => ({ status: 200, body: ctx.render.repo(ctx.repo, true) }),

    'repos/get-content': (ctx) => {
      const ref = ctx.query.ref as string | undefined;
      const sha = model.resolveRef(ctx.repo, ref);
      if (!sha) throw new SimError(404, `No commit found for the ref ${ref ?? ctx.repo.defaultBranch}`);
      const commit = ctx.repo.commits.get(sha);
      if (!commit) throw notFound();
      const path = ctx.params.path?.replace(/^\/+|\/+$/g, '') ?? '';
      const refName = ref ?? ctx.repo.defaultBranch;
      const entry = (p: string, type: 'file' | 'dir', text?: string): Json => {
        const api = `${ctx.render.apiUrl}/repos/${ctx.repo.fullName}/contents/${p}?ref=${encodeURIComponent(refName)}`;
        const html = `${ctx.render.htmlUrl}/${ctx.repo.fullName}/${type === 'file' ? 'blob' : 'tree'}/${refName}/${p}`;
        const objectSha = text === undefined ? createHash('sha1').update(`tree:${sha}:${p}`).digest('hex') : blobSha(text);
        const git = `${ctx.render.apiUrl}/repos/${ctx.repo.fullName}/git/${type === 'file' ? 'blobs' : 'trees'}/${objectSha}`;
        return {
          type,
          name: p.split('/').pop() ?? p,
          path: p,
          sha: objectSha,
          size: text === undefined ? 0 : Buffer.byteLength(text, 'utf8'),
          url: api,
          html_url: html,
          git_url: git,
          download_url: type === 'file' ? `${ctx.render.htmlUrl}/${ctx.repo.fullName}/raw/${refName}/${p}` : null,
          _links: { self: api, git, html },
        };
      };
      const text = commit.files.get(path);
      const accept = String(ctx.headers.accept ?? '');
      if (text !== undefined) {
        if (/\bvnd\.github(\.v3)?\.raw\b/.test(accept)) {
          return { status: 200, text, headers: { 'content-type': 'text/plain; charset=utf-8' } };
        }
        return { status: 200, body: { ...entry(path, 'file', text), content: base64Lines(text), encoding: 'base64' } };
      }
      const prefix = path === '' ? '' : `${path}/`;
      const children = new Map<string, Json>();
      for (const [p, t] of commit.files) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const [first, ...more] = rest.split('/');
        if (!first) continue;
        const childPath = `${prefix}${first}`;
        if (!children.has(childPath)) children.set(childPath, more.length > 0 ? entry(childPath, 'dir') : entry(childPath, 'file', t));
      }
      if (children.size === 0) throw notFound();
      return { status: 200, body: [...children.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v) };
    },

    'git/get-tree': (ctx) => {
      const wanted = ctx.params.tree_sha ?? '';
      // GitHub takes a tree's SHA, or a commit's (or a ref) and lists that commit's tree.
      const commit = [...ctx.repo.commits.values()].find((c) => c.tree === wanted) ?? ctx.repo.commits.get(model.resolveRef(ctx.repo, wanted) ?? '');
      if (!commit) throw notFound();
      const recursive = ctx.query.recursive !== undefined;
      const folders = new Set<string>();
      const blobs: Json[] = [];
      for (const [path, text] of commit.files) {
        const parts = path.split('/');
        if (!recursive && parts.length > 1) {
          folders.add(parts[0]!);
          continue;
        }
        for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
        const sha = blobSha(text);
        blobs.push({ path, mode: '100644', type: 'blob', sha, size: Buffer.byteLength(text, 'utf8'), url: `${ctx.render.apiUrl}/repos/${ctx.repo.fullName}/git/blobs/${sha}` });
      }
      const trees: Json[] = [...folders].map((path) => {
        const sha = createHash('sha1').update(`tree:${commit.sha}:${path}`).digest('hex');
        return { path, mode: '040000', type: 'tree', sha, url: `${ctx.render.apiUrl}/repos/${ctx.repo.fullName}/git/trees/${sha}` };
      });
      const tree = [...trees, ...blobs].sort((a, b) => (String(a.path) < String(b.path) ? -1 : 1));
      return { status: 200, body: { sha: commit.tree, url: `${ctx.render.apiUrl}/repos/${ctx.repo.fullName}/git/trees/${commit.tree}`, tree, truncated: false } };
    },

    'repos/get-commit': (ctx) => {
      const sha = shaOrFail(model, ctx.repo, ctx.params.ref ?? '');
      const commit = ctx.repo.commits.get(sha);
      if (!commit) throw notFound();
      return { status: 200, body: ctx.render.commit(ctx.repo, commit) };
    },

    'repos/get-branch': (ctx) => {
      const name = ctx.params.branch ?? '';
      const sha = ctx.repo.branches.get(name);
      const commit = sha ? ctx.repo.commits.get(sha) : undefined;
      if (!commit) throw new SimError(404, 'Branch not found');
      const api = `${ctx.render.apiUrl}/repos/${ctx.repo.fullName}/branches/${encodeURIComponent(name)}`;
      return {
        status: 200,
        body: {
          name,
          commit: ctx.render.commit(ctx.repo, commit),
          _links: { self: api, html: `${ctx.render.htmlUrl}/${ctx.repo.fullName}/tree/${name}` },
          protected: false,
          protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
          protection_url: `${api}/protection`,
        },
      };
    },

    'repos/get-collaborator-permission-level': (ctx) => {
      const login = ctx.params.username ?? '';
      const user = model.users.get(login.toLowerCase());
      if (!user) throw new SimError(404, `${login} is not a user`);
      let role: Permission = ctx.repo.permissions.get(login.toLowerCase()) ?? (ctx.repo.visibility === 'public' ? 'read' : 'none');
      if (login.toLowerCase() === ctx.repo.owner.toLowerCase()) role = 'admin';
      const legacy = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      const rank = ['none', 'read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
      return {
        status: 200,
        body: {
          permission: legacy,
          role_name: role,
          user: {
            ...ctx.render.user(user.login),
            permissions: { pull: rank >= 1, triage: rank >= 2, push: rank >= 3, maintain: rank >= 4, admin: rank >= 5 },
            role_name: role,
          },
        },
      };
    },
  };
}
