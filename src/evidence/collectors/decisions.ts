// Architecture decision records: the folder they live in and the template they follow.
import type { Collector } from '../collector.js';
import { lineOf } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'decisions';

/** Each template's headings (Markdown), the most distinctive first; a record follows one when it has all of them. */
const FORMATS: Array<[string, RegExp[]]> = [
  ['madr', [/^#{2,3}[ \t]+(?:Context and Problem Statement|Considered Options|Decision Outcome)\b/im]],
  ['nygard', [/^#{2,3}[ \t]+Status\b/im, /^#{2,3}[ \t]+Context\b/im, /^#{2,3}[ \t]+Decision\b/im, /^#{2,3}[ \t]+Consequences\b/im]],
];

function collect(file: RepositoryFile): Fact[] {
  const name = file.path.split('/').pop() ?? '';
  if (/^(?:README|index|template)/i.test(name) || /template/i.test(name)) return [];
  const folder = file.path.slice(0, file.path.lastIndexOf('/'));
  const [format, headings] = FORMATS.find(([, patterns]) => patterns.every((p) => p.test(file.text))) ?? [];
  const first = headings?.[0]?.exec(file.text);
  const line = first ? lineOf(file.text, first[0]) : 1;
  const facts: Fact[] = [{ path: ['decisions', 'path'], value: folder, evidence: { file: file.path, line: 1, collector: NAME } }];
  if (format) facts.push({ path: ['decisions', 'format'], value: format, evidence: { file: file.path, line, collector: NAME, detail: `follows the ${format} template` } });
  return facts;
}

export const decisions: Collector = {
  name: NAME,
  files: ['{doc,docs,documentation}/{adr,adrs,decisions,architecture-decisions}/**/*.md', '{doc,docs}/architecture/decisions/**/*.md', '{adr,adrs,decisions}/**/*.md', '{doc,docs}/architecture/adr/**/*.md'],
  nocase: true,
  hints: {
    '$.decisions.path': 'decision records in docs/adr (or doc/adr, docs/decisions)',
    '$.decisions.format': 'the headings of the decision records (MADR, Nygard)',
  },
  collect,
  /** The folder holding most records, and the template most of them follow, speak for the repository. */
  conclude(facts) {
    return [...mostCommon(facts.filter((f) => f.path[1] === 'path')), ...mostCommon(facts.filter((f) => f.path[1] === 'format'))];
  },
};

function mostCommon(facts: Fact[]): Fact[] {
  const counts = new Map<string, Fact[]>();
  for (const f of facts) counts.set(String(f.value), [...(counts.get(String(f.value)) ?? []), f]);
  let best: Fact[] = [];
  for (const group of counts.values()) if (group.length > best.length) best = group;
  return best.slice(0, 1);
}
