// The cookies page a service publishes: whether it sets cookies a user can refuse (analytics,
// marketing), as the page itself tells its readers.
import type { Collector } from '../collector.js';
import { findInProse, prose } from '../statement-text.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'cookies';

// A heading or sentence naming optional cookies, or the cookies analytics tools set by name.
const OPTIONAL = /\b(?:analytics|optional|non-essential|marketing)\s+cookies\b|\bcookies\s+that\s+measure\b|\b_ga(?:_[A-Z0-9]{1,20})?\b|\b_gid\b|\b_clck\b/i;

function collect(file: RepositoryFile): Fact[] {
  const optional = findInProse(file.text, prose(file.text), OPTIONAL);
  if (!optional) return [];
  return [{ path: ['cookies', 'non_essential'], value: true, evidence: { file: file.path, line: optional.line, collector: NAME, detail: `the cookies page names optional cookies ("${optional.text}")` } }];
}

export const cookies: Collector = {
  name: NAME,
  files: ['app/views/**/cookies*.{erb,haml,slim,md}', '{app,src,server}/views/**/cookies*.{njk,html}', '**/Views/**/Cookies*.cshtml', '**/Pages/**/Cookies*.cshtml'],
  nocase: true,
  hints: {
    '$.cookies.non_essential': 'the cookies page (analytics or other optional cookies)',
  },
  collect,
};
