// The Markdown report for PR comments, check-run summaries and job summaries. GitHub refuses more than
// 65,535 characters, so the least important sections give way first and a note says what was left out.
import type { Evaluation, RuleResult } from '../types.js';
import { blocks, ordered, seenAt } from './order.js';
import { cell, code, link } from './safe-markdown.js';
import { describeOverride, overrideSource } from './overrides.js';
import { countRegisterPasses } from './passes.js';

export interface MarkdownOptions {
  maxLength?: number;
  heading?: string;
  artefactLink?: (artefactId: string) => string | undefined;
  fileLink?: (file: string, line: number) => string | undefined;
  /** List every passing register row instead of one count per rule and register. */
  verbose?: boolean;
}

export const MAX_MARKDOWN = 65_535;

const shown = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? 'not set' : JSON.stringify(value));

interface Section {
  title: string;
  header: string[];
  /** Rows are built only when a table shows them, so a report that is full stops building. */
  rows: Rows;
  collapsed?: boolean;
  /** Lower gives way first when the report is too long. */
  priority: number;
  note?: string;
}

/** A table's rows, made one at a time when shown. */
interface Rows {
  length: number;
  row: (i: number) => string[];
}

const rowsOf = <T>(items: readonly T[], make: (item: T) => string[]): Rows => ({ length: items.length, row: (i) => make(items[i]!) });

export function renderMarkdown(evaluation: Evaluation, options: MarkdownOptions = {}): string {
  const ev = countRegisterPasses(evaluation, options.verbose);
  const max = options.maxLength ?? MAX_MARKDOWN;
  const results = ordered(ev.results);
  const by = (...statuses: RuleResult['status'][]): RuleResult[] => results.filter((r) => statuses.includes(r.status));
  const standard = (r: { artefact: string; source?: string }): string => {
    return link(cell(r.artefact), options.artefactLink?.(r.artefact) ?? r.source);
  };
  // Inside a code span only a backtick or a pipe (which would end the table cell) needs care.
  const evidenceLink = (e: NonNullable<RuleResult['evidence']>): string => {
    const text = cell(seenAt(e));
    const url = e.line ? options.fileLink?.(e.file, e.line) : undefined;
    return url ? `[${text}](${url})` : text;
  };
  const place = (r: RuleResult): string => {
    if (r.origin === 'observed' && r.evidence) return `observed in ${evidenceLink(r.evidence)}`;
    if (!r.location) return code(r.path);
    const text = `${cell(r.location.file)}:${r.location.line}`;
    const url = options.fileLink?.(r.location.file, r.location.line);
    return link(text, url);
  };
  const finding = (r: RuleResult): string[] => [standard(r), cell(r.rule), place(r), cell(r.message)];
  const findingRows = (items: RuleResult[]): Rows => rowsOf(items, finding);
  // What complies: each pass listed, then each register's passing rows as one count per rule.
  const passes = by('pass');
  const passed = ev.passed ?? [];
  const complies: Rows = {
    length: passes.length + passed.length,
    row: (i) => {
      if (i < passes.length) return finding(passes[i]!);
      const p = passed[i - passes.length]!;
      return [standard(p), cell(p.rule), code(p.register), `${p.count.toLocaleString('en-GB')} ${p.count === 1 ? 'row passes' : 'rows pass'}: ${cell(p.message)}`];
    },
  };

  const sections: Section[] = [
    { title: 'What to fix', header: ['Standard', 'Rule', 'Where', 'Finding'], rows: findingRows(by('fail', 'exemption-expired', 'error')), priority: 9 },
    {
      title: 'Declared, but the repository shows otherwise',
      header: ['Fact', 'Declared', 'Observed', 'Finding'],
      rows: rowsOf(by('contradiction'), (r) => [
        code(r.path.replace(/^\$\.?/, '')),
        `${cell(shown(r.contradiction?.declared))} (${r.location ? place({ ...r, origin: 'declared' }) : 'manifest'})`,
        `${cell(shown(r.contradiction?.observed))}${r.evidence ? ` (${evidenceLink(r.evidence)})` : ''}`,
        `${cell(r.message)}${blocks(r) ? '' : ' (warning)'}`,
      ]),
      priority: 9,
    },
    {
      title: 'To declare',
      header: ['Standard', 'Rule', 'Where', 'What to declare'],
      rows: rowsOf(by('unknown'), (r) => [standard(r), cell(r.rule), place(r), `${cell(r.message)}${blocks(r) ? ' **(needed to certify)**' : ''}`]),
      priority: 8,
      note: 'Facts the rules need that neither the design nor the repository states. They are not failures; those marked needed to certify keep the design from certifying until they are declared.',
    },
    { title: 'Warnings', header: ['Standard', 'Rule', 'Where', 'Finding'], rows: findingRows(by('warn')), priority: 8 },
    {
      title: 'Exemptions in force',
      header: ['Exemption', 'Standard', 'Rule', 'Where', 'Until'],
      rows: rowsOf(by('exempted'), (r) => [r.exemption?.url ? link(cell(r.exemption.id), r.exemption.url) : cell(r.exemption?.id ?? ''), standard(r), cell(r.rule), place(r), r.exemption?.expires ?? 'no end date']),
      priority: 7,
    },
    {
      title: 'Exemptions that can be closed',
      header: ['Exemption', 'Standard', 'Why'],
      rows: rowsOf(ev.closable, (c) => [c.exemption.url ? link(cell(c.exemption.id), c.exemption.url) : cell(c.exemption.id), standard({ artefact: c.artefact }), cell(c.message)]),
      priority: 6,
    },
    { title: 'Notices', header: ['Standard', 'Rule', 'Where', 'Advice'], rows: findingRows(by('notice')), priority: 5 },
    {
      title: 'Not covered by any standard',
      header: ['Part of the design', 'Where'],
      rows: rowsOf(ev.gaps, (g) => [code(g.path), g.location ? `${cell(g.location.file)}:${g.location.line}` : '']),
      priority: 4,
      note: 'If one of these should have a standard, raise it with the architecture team (comment `/gap` and what is missing).',
    },
    {
      title: 'About the evidence',
      header: ['Where', 'Note'],
      rows: rowsOf(ev.evidenceNotes, (n) => [n.file ? `${cell(n.file)}${n.line ? `:${n.line}` : ''}` : '', cell(n.message)]),
      priority: 3,
    },
    {
      title: "Changed by the organisation's ruleset",
      header: ['Change', 'Where'],
      rows: rowsOf(ev.overrides ?? [], (o) => [cell(describeOverride(o)), cell(overrideSource(o))]),
      priority: 6,
    },
    {
      title: 'Input warnings',
      header: ['Where', 'Warning'],
      rows: rowsOf(ev.problems.filter((p) => p.level === 'warning'), (p) => [`${cell(p.file)}${p.line ? `:${p.line}` : ''}`, cell(p.message)]),
      priority: 3,
    },
    { title: 'Out of scope', header: ['Standard', 'Rule', 'Why'], rows: rowsOf(by('not-applicable'), (r) => [standard(r), cell(r.rule), cell(r.message)]), collapsed: true, priority: 2 },
    { title: 'What complies', header: ['Standard', 'Rule', 'Where', 'Checked'], rows: complies, collapsed: true, priority: 1 },
  ];

  const head = [
    `${options.heading ?? '### assure'}: ${ev.ok ? 'compliant' : 'not compliant'}`,
    '',
    `${code(ev.manifest)} as of ${ev.evaluatedAt}, against ${ev.artefacts.length} artefacts.${ev.ok ? ' This design certifies itself: no approval is needed.' : ''}`,
    '',
    '| fail | contradiction | lapsed exemption | error | to declare | warn | notice | exempted | pass | not applicable |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${ev.summary.fail} | ${ev.summary.contradiction} | ${ev.summary['exemption-expired']} | ${ev.summary.error} | ${ev.summary.unknown} | ${ev.summary.warn} | ${ev.summary.notice} | ${ev.summary.exempted} | ${ev.summary.pass} | ${ev.summary['not-applicable']} |`,
    '',
  ].join('\n');

  // Builds the report, at most `limit` rows per table, leaving out sections below `dropBelow`. It stops
  // building once the text is past `max`: such a text is only ever cut, so what follows cannot matter,
  // and a huge register costs no more than a full report.
  const render = (limit: number, dropBelow: number): { text: string; omitted: number } => {
    let omitted = 0;
    let length = head.length;
    const parts = [head];
    const add = (piece: string): void => {
      parts.push(piece);
      length += piece.length + 1;
    };
    for (const s of sections) {
      const count = s.rows.length;
      if (count === 0) continue;
      if (s.priority < dropBelow || length > max) {
        omitted += count;
        continue;
      }
      const table = [`| ${s.header.join(' | ')} |`, `| ${s.header.map(() => '---').join(' | ')} |`];
      let tableLength = 0;
      let built = 0;
      const wanted = Math.min(limit, count);
      for (; built < wanted && length + tableLength <= max; built++) {
        const line = `| ${s.rows.row(built).join(' | ')} |`;
        table.push(line);
        tableLength += line.length + 1;
      }
      // Rows past the limit are left out and said so; rows not built because the text is already full are only ever cut.
      const shown = Math.min(limit, count);
      omitted += count - shown;
      if (shown < count) table.push('', `_…and ${count - shown} more._`);
      if (s.note) table.push('', s.note);
      add(
        s.collapsed
          ? [`<details><summary>${s.title} (${count})</summary>`, '', ...table, '', '</details>', ''].join('\n')
          : [`#### ${s.title} (${count})`, '', ...table, ''].join('\n'),
      );
    }
    return { text: parts.join('\n'), omitted };
  };

  const note = (omitted: number): string => `\n> ${omitted} rows were left out to fit GitHub's limit; run \`assure check --format json\` for the full report.\n`;
  let attempt = render(Infinity, 0);
  if (attempt.text.length <= max) return attempt.text;
  for (const dropBelow of [2, 3, 5]) {
    attempt = render(Infinity, dropBelow);
    if (attempt.text.length + note(attempt.omitted).length <= max) return attempt.text + note(attempt.omitted);
  }
  // Still too long: show fewer rows per table, as many as fit.
  let low = 0;
  let high = sections.reduce((most, s) => Math.max(most, s.rows.length), 0);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const r = render(mid, 5);
    if (r.text.length + note(r.omitted).length <= max) low = mid;
    else high = mid - 1;
  }
  attempt = render(low, 5);
  const text = attempt.text + note(attempt.omitted);
  return text.length <= max ? text : `${text.slice(0, max - 200)}\n\n> The report was cut to fit GitHub's limit; run \`assure check --format json\` for the full report.\n`;
}
