// Where the code lives: the host, organisation and repository named by the git remote (the root's
// .git/config in a working tree), by package.json's `repository`, by the README's badges for its own
// workflows, and (the organisation alone) by the teams .github/CODEOWNERS names, which GitHub requires
// to belong to the repository's organisation. Git's config file has no parser
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

/** A README's status badge for one of the repository's own GitHub Actions workflows names the repository. */
function fromReadme(file: RepositoryFile): Fact[] {
  const badge = /https:\/\/github\.com\/([\w.-]{1,100})\/([\w.-]{1,100})\/(?:actions\/)?workflows\/[^\s/()"'<>]{1,200}\/badge\.svg/.exec(file.text);
  if (!badge) return [];
  const location = { host: 'github', org: badge[1]!, repository: badge[2]! };
  return facts(file, lineOf(file.text, badge[0]), location, `the README's workflow badge is for github:${location.org}/${location.repository}`);
}

/** The organisation of the first team CODEOWNERS names (`@org/team`). */
function fromCodeowners(file: RepositoryFile): Fact[] {
  const lines = file.text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/#.*$/, '');
    const team = /(?:^|\s)@([A-Za-z0-9][\w-]{0,38})\/[\w.-]{1,100}(?=\s|$)/.exec(line);
    if (!team) continue;
    const evidence = { file: file.path, line: i + 1, collector: NAME, detail: `CODEOWNERS names the team @${team[1]}/…, and GitHub requires it to be in the repository's organisation` };
    return [
      { path: ['source', 'host'], value: 'github', evidence },
      { path: ['source', 'org'], value: team[1]!, evidence },
    ];
  }
  return [];
}

/** Most direct first: the git remote, then package.json, the README's badge, CODEOWNERS' teams. */
const RANK = ['.git/config', 'package.json', 'readme', '.github/codeowners'];
const rank = (fact: Fact): number => {
  const file = fact.evidence.file.toLowerCase();
  const i = RANK.findIndex((r) => file === r || (r === 'readme' && /^readme(\.[a-z]+)?$/.test(file)));
  return i === -1 ? RANK.length : i;
};

export const source: Collector = {
  name: NAME,
  files: ['.git/config', 'package.json', 'README', 'README.{md,markdown,rst,txt}', '.github/CODEOWNERS'],
  nocase: true,
  hints: {
    '$.source.org': "the git remote (.git/config), package.json's repository, a README workflow badge or the teams in .github/CODEOWNERS",
    '$.source.repository': "the git remote (.git/config), package.json's repository or a README workflow badge",
  },
  collect(file) {
    const path = file.path.toLowerCase();
    if (path === '.git/config') return fromGitConfig(file);
    if (path === 'package.json') return fromPackageJson(file);
    if (path === '.github/codeowners') return fromCodeowners(file);
    return fromReadme(file);
  },
  conclude: (facts) => [...facts].sort((a, b) => rank(a) - rank(b)),
};
