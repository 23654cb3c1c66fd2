// The hosting platform's own settings for a repository (visibility, owner, topics, branch rules), as
// facts. The GitHub layer reads them; here they are plain data, so the engine never knows about GitHub.
import type { Fact } from './types.js';

export interface BranchRules {
  required_approvals?: number;
  dismiss_stale_reviews?: boolean;
  code_owner_review?: boolean;
  required_checks?: boolean;
}

export interface PlatformSettings {
  /** Which platform: facts cite `<host>:settings` as their file. */
  host: 'github';
  owner?: string;
  repository?: string;
  visibility?: 'public' | 'internal' | 'private';
  topics?: string[];
  /** Protection or rulesets on the default branch, combined; undefined when they could not be read. */
  defaultBranch?: { name: string; rules?: BranchRules };
  secretScanning?: boolean;
  pushProtection?: boolean;
}

export function platformFacts(settings: PlatformSettings): Fact[] {
  const facts: Fact[] = [];
  const add = (path: string[], value: unknown, what: string) => {
    if (value !== undefined) facts.push({ path, value, evidence: { file: `${settings.host}:settings`, collector: 'platform', detail: what } });
  };
  add(['source', 'host'], settings.host, 'the repository is hosted there');
  add(['source', 'org'], settings.owner, 'the repository owner');
  add(['source', 'repository'], settings.repository, 'the repository name');
  add(['source', 'visibility'], settings.visibility, 'the repository visibility');
  for (const topic of settings.topics ?? []) add(['repository', 'topics'], topic, 'a repository topic');
  const rules = settings.defaultBranch?.rules;
  if (settings.defaultBranch && rules) {
    const where = `protection of the default branch ${settings.defaultBranch.name}`;
    add(['repository', 'branch_protection', 'required_approvals'], rules.required_approvals, where);
    add(['repository', 'branch_protection', 'dismiss_stale_reviews'], rules.dismiss_stale_reviews, where);
    add(['repository', 'branch_protection', 'code_owner_review'], rules.code_owner_review, where);
    add(['repository', 'branch_protection', 'required_checks'], rules.required_checks, where);
  }
  add(['ci', 'security', 'secret_scanning'], settings.secretScanning, 'secret scanning setting');
  add(['ci', 'security', 'push_protection'], settings.pushProtection, 'push protection setting');
  return facts;
}

/** What platform settings can show, for hints. */
export const PLATFORM_HINTS: Readonly<Record<string, string>> = {
  '$.source.org': 'the repository owner on GitHub',
  '$.source.visibility': 'the repository visibility on GitHub',
  '$.repository.topics': 'the repository topics on GitHub',
  '$.repository.branch_protection': 'the default branch protection or rulesets on GitHub',
  '$.ci.security.secret_scanning': "GitHub's secret scanning setting, or a secret scanner in a workflow",
  '$.ci.security.push_protection': "GitHub's push protection setting",
};
