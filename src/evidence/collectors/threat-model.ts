// A threat model kept in the repository: a document named for it, and the date it says it was last
// reviewed ("Last reviewed: 2024-05-01", "Reviewed on 3 May 2024"). Prose has no parser; the review
// date is found on a line that says "review", in ISO or GOV.UK form.
import type { Collector } from '../collector.js';
import type { Fact, RepositoryFile } from '../types.js';
import { isoDate } from '../statement-text.js';
import { isCalendarDate } from '../../time/dates.js';
import { compareText } from '../../compare.js';

const NAME = 'threat-model';

const ISO = /\b\d{4}-\d{2}-\d{2}\b/;
const GOVUK = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b/i;

/** The date a review line names, as YYYY-MM-DD; undefined when it names none. */
function reviewDate(line: string): string | undefined {
  const iso = ISO.exec(line);
  if (iso) return isCalendarDate(iso[0]) ? iso[0] : undefined;
  const govuk = GOVUK.exec(line);
  return govuk ? isoDate(govuk[1]!, govuk[2]!, govuk[3]!) : undefined;
}

function collect(file: RepositoryFile): Fact[] {
  const evidence = { file: file.path, line: 1, collector: NAME };
  const facts: Fact[] = [{ path: ['security', 'threat_model', 'exists'], value: true, evidence: { ...evidence, detail: 'a threat model document' } }];
  const lines = file.text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.length > 500 || !/review/i.test(line)) continue;
    const date = reviewDate(line);
    if (!date) continue;
    facts.push({ path: ['security', 'threat_model', 'reviewed'], value: date, evidence: { file: file.path, line: i + 1, collector: NAME, detail: 'the threat model says when it was last reviewed' } });
    break;
  }
  return facts;
}

export const threatModel: Collector = {
  name: NAME,
  files: ['**/*threat{-,_, ,}model*.{md,markdown,adoc,txt,rst}'],
  nocase: true,
  hints: {
    '$.security.threat_model.exists': 'a threat model document (e.g. docs/threat-model.md)',
    '$.security.threat_model.reviewed': 'a "Last reviewed" date in the threat model document',
  },
  collect,
  /** The latest review any threat model document states speaks for the repository. */
  conclude(facts) {
    const reviews = facts.filter((f) => f.path[2] === 'reviewed').sort((a, b) => compareText(String(b.value), String(a.value)));
    const exists = facts.find((f) => f.path[2] === 'exists');
    return [...(exists ? [exists] : []), ...reviews.slice(0, 1)];
  },
};
