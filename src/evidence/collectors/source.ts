// Where the code lives: the host, organisation and repository named by the git remote (the root's
// .git/config in a working tree) or by package.json's `repository`. Git's config file has no parser
// package; it is a line format (sections, then `key = value`) and is read line by line. Credentials a
// remote URL may carry are never part of a fact.
import type { Collector } from '../collector.js';
import { lineOf, parseJsonFile } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'source';

const HOSTS: Record<string, string> = { 'github.com': 'github', 'gitlab.com': 'gitlab', 'dev.azure.com': 'azure-devops', 'ssh.dev.azure.com': 'azure-devops', 'bitbucket.org': 'bitbucket' };

export interface RemoteLocation {
  host: string;
  org: string;
  repository: string;
}

/** A remote URL (https, ssh, scp-like, `github:owner/repo`) -> host, organisation and repository; undefined if not one a host above serves. */
export function remoteLocation(url: string): RemoteLocation | undefined {
  const trimmed = url.trim();
  const shorthand = /^(github|gitlab|bitbucket):([\w.-]{1,100})\/([\w.-]{1,100})$/.exec(trimmed);
  if (shorthand) return { host: shorthand[1]!, org: shorthand[2]!, repository: shorthand[3]!.replace(/\.git$/, '') };
  // scp-like: git@github.com:owner/repo.git
  const scp = /^(?:[\w.-]{1,100}@)?([\w.-]{1,253}):(?!\/)(.{1,500})$/.exec(trimmed);
  let hostname: string;
  let segments: string[];
  if (scp && !/^[a-z+]{1,10}:\/\//i.test(trimmed)) {
    hostname = scp[1]!;
    segments = scp[2]!.split('/');
  } else {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      return undefined;
    }
    hostname = parsed.hostname;
    segments = decodeURIComponent(parsed.pathname).split('/');
  }
  segments = segments.filter(Boolean).map((s) => s.replace(/\.git$/, ''));
  const host = HOSTS[hostname.toLowerCase()] ?? (hostname.toLowerCase().endsWith('.visualstudio.com') ? 'azure-devops' : undefined);
  if (!host) return undefined;
  if (host === 'azure-devops') {
    // https://dev.azure.com/{org}/{project}/_git/{repo}; ssh: v3/{org}/{project}/{repo}; {org}.visualstudio.com/{project}/_git/{repo}
    const parts = segments[0] === 'v3' ? segments.slice(1) : segments;
    const org = hostname.toLowerCase().endsWith('.visualstudio.com') ? hostname.split('.')[0]! : parts[0];
    const repository = parts[parts.length - 1];
    return org && repository && repository !== '_git' ? { host, org, repository } : undefined;
  }
  const [org, repository] = segments;
  return org && repository && segments.length === 2 ? { host, org, repository } : undefined;
}

function facts(file: RepositoryFile, line: number, location: RemoteLocation, detail: string): Fact[] {
  const evidence = { file: file.path, line, collector: NAME, detail };
  return [
    { path: ['source', 'host'], value: location.host, evidence },
    { path: ['source', 'org'], value: location.org, evidence },
    { path: ['source', 'repository'], value: location.repository, evidence },
  ];
}

/** The `origin` remote's url, else the first remote's. */
function fromGitConfig(file: RepositoryFile): Fact[] {
  const remotes: Array<{ name: string; url: string; line: number }> = [];
  let section: string | undefined;
  file.text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const header = /^\[\s*remote\s+"([^"]{1,200})"\s*\]$/.exec(line);
    if (header) section = header[1];
    else if (line.startsWith('[')) section = undefined;
    else if (section !== undefined) {
      const url = /^url\s*=\s*(.{1,2000})$/.exec(line)?.[1];
      if (url) remotes.push({ name: section, url: url.replace(/^"|"$/g, ''), line: index + 1 });
    }
  });
  const remote = remotes.find((r) => r.name === 'origin') ?? remotes[0];
  const location = remote ? remoteLocation(remote.url) : undefined;
  return remote && location ? facts(file, remote.line, location, `the "${remote.name}" remote is ${location.host}:${location.org}/${location.repository}`) : [];
}

function fromPackageJson(file: RepositoryFile): Fact[] {
  const data = parseJsonFile(file) as { repository?: unknown } | null;
  const repository = data && typeof data === 'object' ? data.repository : undefined;
  const url = typeof repository === 'string' ? repository : typeof (repository as { url?: unknown } | null)?.url === 'string' ? (repository as { url: string }).url : undefined;
  if (!url) return [];
  // npm's shorthand "owner/repo" means GitHub.
  const location = remoteLocation(/^[\w.-]{1,100}\/[\w.-]{1,100}$/.test(url) ? `github:${url}` : url.replace(/^git\+/, ''));
  return location ? facts(file, lineOf(file.text, '"repository"'), location, `package.json's repository is ${location.host}:${location.org}/${location.repository}`) : [];
}

export const source: Collector = {
  name: NAME,
  files: ['.git/config', 'package.json'],
  hints: {
    '$.source.org': 'the git remote (.git/config) or package.json\'s repository',
    '$.source.repository': 'the git remote (.git/config) or package.json\'s repository',
  },
  collect: (file) => (file.path === '.git/config' ? fromGitConfig(file) : fromPackageJson(file)),
};
