// The cookies page a service publishes: whether it sets cookies a user can refuse (analytics,
// marketing), as the page itself tells its readers; and whether the layout every page shares (or
// its footer) links to that page, which is how a service publishes its cookie policy.
import type { Collector } from '../collector.js';
import { lineAt } from '../parse.js';
import { findInProse, prose } from '../statement-text.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'cookies';

// A heading or sentence naming optional cookies, or the cookies analytics tools set by name.
const OPTIONAL = /\b(?:analytics|optional|non-essential|marketing)\s+cookies\b|\bcookies\s+that\s+measure\b|\b_ga(?:_[A-Z0-9]{1,20})?\b|\b_gid\b|\b_clck\b/i;

/** Layouts and footers every page is rendered in. */
const SHARED = /(?:^|\/)(?:layouts?\/|_?layout[^/]*$|_?footer[^/]*$|base[^/]*\.(?:njk|html)$|template[^/]*\.(?:njk|html)$)/i;

// A link to the cookies page: an href (HTML, or a Nunjucks govukFooter item), a Razor page or action,
// or Rails' route helpers. Bounded, as the text is the repository's.
const LINK = /\b(?:href|asp-page|asp-action)\s{0,5}[:=]\s{0,5}["'][^"'\n]{0,200}?\bcookies\b[^"'\n]{0,100}["']|\bcookies_(?:path|url)\b/i;

function collect(file: RepositoryFile): Fact[] {
  if (SHARED.test(file.path)) {
    const link = LINK.exec(file.text);
    if (!link) return [];
    return [{ path: ['cookies', 'policy_linked'], value: true, evidence: { file: file.path, line: lineAt(file.text, link.index), collector: NAME, detail: `every page's layout links to the cookie policy (${link[0].slice(0, 80)})` } }];
  }
  const optional = findInProse(file.text, prose(file.text), OPTIONAL);
  if (!optional) return [];
  return [{ path: ['cookies', 'non_essential'], value: true, evidence: { file: file.path, line: optional.line, collector: NAME, detail: `the cookies page names optional cookies ("${optional.text}")` } }];
}

export const cookies: Collector = {
  name: NAME,
  files: [
    'app/views/**/cookies*.{erb,haml,slim,md}',
    '{app,src,server}/views/**/cookies*.{njk,html}',
    '**/Views/**/Cookies*.cshtml',
    '**/Pages/**/Cookies*.cshtml',
    'app/views/layouts/**/*.{erb,haml,slim}',
    'app/views/**/_footer*.{erb,haml,slim}',
    'app/components/**/footer*.{erb,haml,slim}',
    '{app,src,server}/views/**/{layout,base,template,footer,_layout,_footer}*.{njk,html}',
    '{app,src,server}/views/layouts/**/*.{njk,html}',
    '**/{Views,Pages}/Shared/_{Layout,Footer}*.cshtml',
  ],
  nocase: true,
  hints: {
    '$.cookies.non_essential': 'the cookies page (analytics or other optional cookies)',
    '$.cookies.policy_linked': 'a link to the cookies page in the layout or footer every page shares',
  },
  collect,
};
