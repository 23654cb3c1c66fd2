// The accessibility statement a service publishes (the page the public sector accessibility
// regulations require): the WCAG version and level it measures itself against, how far it complies,
// and when it was last tested. Read from the statement's page template, as its readers see it.
import type { Collector } from '../collector.js';
import { findInProse, isoDate, prose } from '../statement-text.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'accessibility';

const CONFORMANCE: Record<string, string> = { fully: 'full', partially: 'partial', not: 'none' };
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December)';

// Bounded gaps keep every pattern linear on hostile text.
const COMPLIANCE = /\b(fully|partially|not) compliant with the[^]{0,300}?\bversion\s+(2\.[0-2]|2)\b[^]{0,300}?\b(AAA|AA|A)\s+standard/i;
const TESTED = new RegExp(`\\b(?:last\\s+tested|last\\s+audited|tested|audited)\\s+on\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})\\b`, 'i');

function collect(file: RepositoryFile): Fact[] {
  const blanked = prose(file.text);
  const facts: Fact[] = [];
  const add = (field: string, value: unknown, line: number, detail: string) =>
    facts.push({ path: ['accessibility', field], value, evidence: { file: file.path, line, collector: NAME, detail } });
  // A page that calls itself the accessibility statement, or says how far the service complies, is one.
  const titled = findInProse(file.text, blanked, /\baccessibility\s+statement\b/i);
  const compliance = findInProse(file.text, blanked, COMPLIANCE);
  const shown = titled ?? compliance;
  if (shown) add('statement', 'published', shown.line, 'the service has an accessibility statement page');
  if (compliance) {
    const [degree = '', version = '', level = ''] = compliance.groups;
    const said = `the statement says "${degree.toLowerCase()} compliant" with WCAG ${version} ${level.toUpperCase()}`;
    add('conformance', CONFORMANCE[degree.toLowerCase()], compliance.line, said);
    add('wcag_version', version, compliance.line, said);
    add('level', level.toUpperCase(), compliance.line, said);
  }
  const tested = findInProse(file.text, blanked, TESTED);
  const date = tested ? isoDate(tested.groups[0]!, tested.groups[1]!, tested.groups[2]!) : undefined;
  if (tested && date) add('last_audit', date, tested.line, `the statement says the service was last tested on ${tested.groups.join(' ')}`);
  return facts;
}

export const accessibility: Collector = {
  name: NAME,
  files: [
    'app/views/**/accessibility*.{erb,haml,slim,md}',
    'app/views/**/accessibility_statement*.{erb,haml,slim,md}',
    '{app,src,server}/views/**/accessibility*.{njk,html}',
    '**/Views/**/Accessibility*.cshtml',
    '**/Pages/**/Accessibility*.cshtml',
  ],
  nocase: true,
  hints: {
    '$.accessibility.wcag_version': 'the accessibility statement page ("compliant with WCAG version 2.2 AA")',
    '$.accessibility.level': 'the accessibility statement page ("compliant with WCAG version 2.2 AA")',
    '$.accessibility.conformance': 'the accessibility statement page ("fully" or "partially compliant")',
    '$.accessibility.last_audit': 'the accessibility statement page ("last tested on 12 March 2024")',
    '$.accessibility.statement': 'the accessibility statement page in the application\'s views',
  },
  collect,
};
