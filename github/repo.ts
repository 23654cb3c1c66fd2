// A repository named as owner and name, and the ways assure writes and reads one.

/** A repository named as owner and name. */
export interface RepoRef {
  owner: string;
  repo: string;
}

export function fullName(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

/** Splits "owner/repo"; undefined unless it is exactly that shape. */
export function parseRepo(text: string): RepoRef | undefined {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(text.trim());
  if (!match?.[1] || !match[2] || match[2] === '.' || match[2] === '..') return undefined;
  return { owner: match[1], repo: match[2] };
}

export function sameRepo(a: RepoRef, b: RepoRef): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}

/** The repository's web address without a trailing slash: `htmlUrl` when the event gave one, else the server's. */
export function repoWebUrl(repo: RepoRef, htmlUrl?: string | null, server = 'https://github.com'): string {
  return (htmlUrl ?? `${server}/${fullName(repo)}`).replace(/\/+$/, '');
}
