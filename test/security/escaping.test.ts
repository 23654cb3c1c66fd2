// Text a team or an organisation wrote (manifest keys and values, artefact titles, messages and source
// addresses) is inert in every report: no mention, HTML, image, broken table or link, and no line of a
// text report that a CI log would read as a workflow command.
import { describe, expect, it } from 'vitest';
import { evaluate, loadArtefacts } from '../../src/index.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { renderText } from '../../src/reports/text.js';
import { code, inline, link, safeUrl } from '../../src/reports/safe-markdown.js';
import { plain } from '../../src/reports/plain-text.js';
import { manifestOf } from '../helpers.js';

const HOSTILE = 'x\n@acme/everyone <img src=https://beacon.example/p.png> ![b](https://beacon.example/i.png)\n::error file=a::pwned\r\n\u001b[2J|`|';

const artefact = [
  'id: H-1',
  `title: ${JSON.stringify(`Title ${HOSTILE}`)}`,
  'kind: standard',
  'owner: T',
  'status: published',
  'version: 1',
  'review_by: 2027-01-01',
  `source: ${JSON.stringify('https://standards.example/a)@acme/everyone(https://evil.example)')}`,
  'severity: must',
  'exemptable: true',
  'scope:',
  '  given: [$.service]',
  'rules:',
  '  r:',
  '    given: $.service.name',
  '    assert: { const: never }',
  `    message: ${JSON.stringify(`Got {{value}} ${HOSTILE}`)}`,
].join('\n');

function evaluation() {
  const set = loadArtefacts([{ path: 'H-1.yml', text: artefact }]);
  expect(set.problems).toEqual([]);
  const manifest = manifestOf(`service:\n  name: ${JSON.stringify(HOSTILE)}\n${JSON.stringify(`extra ${HOSTILE}`)}: 1\n`);
  return evaluate(manifest, set.artefacts, { today: '2026-12-01' });
}

/** Links' destinations in Markdown text (an escaped `\]` closes no link). */
const destinations = (md: string): string[] => [...md.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1]!);

describe('hostile text in reports', () => {
  it('Markdown: no mention, no HTML, no image, links stay links, tables keep their columns', () => {
    const ev = evaluation();
    expect(ev.gaps.length).toBeGreaterThan(0);
    const md = renderMarkdown(ev);
    // Inside a code span nothing renders or mentions; outside them, nothing may.
    const outsideCode = md.replace(/`[^`\n]*`/g, '');
    expect(outsideCode).not.toMatch(/[@＠](?!\u200b)/);
    expect(outsideCode).not.toMatch(/<img|<script|!\[/i);
    for (const url of destinations(outsideCode)) expect(url).toMatch(/^https:\/\/[^\s()<>@]*$/);
    expect(md).not.toContain('evil.example)');
    for (const table of md.split(/\n\n/).filter((block) => block.startsWith('| '))) {
      const rows = table.split('\n');
      const columns = (row: string): number => row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(columns(row), row).toBe(columns(rows[0]!));
    }
  });

  it('text: every finding stays on its line, and no line starts a workflow command or an escape sequence', () => {
    const text = renderText(evaluation(), { color: false });
    for (const line of text.split('\n')) expect(line.trimStart().startsWith('::'), line).toBe(false);
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\r');
  });

  it('the helpers: one line, inert, and addresses that cannot close their link', () => {
    expect(inline('a\n@b <i>')).toBe('a @\u200bb &lt;i&gt;');
    expect(code('a`b|c\nd')).toBe("`a'b\\|c d`");
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://e.org/a)(b) @t')).toBe('https://e.org/a%29%28b%29%20%40t');
    expect(link('x', 'https://e.org/a b')).toBe('[x](https://e.org/a%20b)');
    expect(link('x', 'not a url')).toBe('x');
    expect(plain('a\nb\u001b[0m\u202e')).toBe('a\\nb\\u001b[0m\\u202e');
  });
});
