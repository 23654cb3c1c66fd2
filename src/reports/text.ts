// The terminal report: what to fix first, then what to watch; passes and out-of-scope are counted, not listed.
import type { Evaluation, RuleResult } from '../types.js';
import { blocks, ordered, seenAt, verdictLine, where } from './order.js';
import { describeOverride, overrideSource } from './overrides.js';
import { countRegisterPasses } from './passes.js';
import { plainStrings } from './plain-text.js';

const COLOURS = { red: 31, yellow: 33, green: 32, magenta: 35, cyan: 36, grey: 90, bold: 1 } as const;

export function renderText(evaluation: Evaluation, options: { color: boolean; verbose?: boolean }): string {
  const ev = plainStrings(countRegisterPasses(evaluation, options.verbose));
  const paint = (colour: keyof typeof COLOURS, text: string): string => (options.color ? `\u001b[${COLOURS[colour]}m${text}\u001b[0m` : text);
  const results = ordered(ev.results);
  const lines: string[] = [`assure: ${ev.manifest} as of ${ev.evaluatedAt}`, ''];
  const section = (title: string, colour: keyof typeof COLOURS, items: RuleResult[], detail: (r: RuleResult) => string = (r) => r.message, note?: string): void => {
    if (items.length === 0) return;
    lines.push(paint(colour, `${title} (${items.length})`));
    if (note) lines.push(`  ${note}`);
    for (const r of items) {
      lines.push(`  ${paint('bold', `${r.artefact}/${r.rule}`)}  ${paint('grey', where(r, r.path))}`);
      lines.push(`    ${detail(r)}`);
    }
    lines.push('');
  };
  const by = (status: RuleResult['status']): RuleResult[] => results.filter((r) => r.status === status);
  section('Failures', 'red', by('fail'));
  const contradictions = by('contradiction');
  section('Declared, but the repository shows otherwise', contradictions.some(blocks) ? 'red' : 'yellow', contradictions, (r) => (r.evidence ? `${r.message}\n    observed in ${seenAt(r.evidence)}` : r.message));
  section('Lapsed exemptions', 'red', by('exemption-expired'), (r) => `${r.message}${r.exemption ? ` [${r.exemption.id}]` : ''}`);
  section('Errors in artefacts', 'red', by('error'));
  const unknown = by('unknown');
  const blocking = unknown.filter(blocks).length;
  section(
    'To declare',
    'magenta',
    unknown,
    (r) => `${r.message}${blocks(r) ? ' [needed to certify]' : ''}`,
    `Facts the rules need that neither the design nor the repository states.${blocking > 0 ? ` The ${blocking} marked [needed to certify] keep the design from certifying until they are declared.` : ''}`,
  );
  section('Warnings', 'yellow', by('warn'));
  section('Notices', 'cyan', by('notice'));
  section('Exempted', 'cyan', by('exempted'), (r) => `${r.message} [${r.exemption?.id ?? '?'}${r.exemption?.expires ? ` until ${r.exemption.expires}` : ''}]`);
  // Passes are counted in the verdict line; asked to be verbose, the report lists each of them.
  if (options.verbose) section('Passes', 'green', by('pass'));
  if (ev.closable.length > 0) {
    lines.push(paint('green', `Exemptions that can be closed (${ev.closable.length})`));
    for (const c of ev.closable) lines.push(`  ${c.exemption.id}: ${c.message}`);
    lines.push('');
  }
  if (ev.gaps.length > 0) {
    lines.push(paint('grey', `Not covered by any standard (${ev.gaps.length})`));
    for (const g of ev.gaps) lines.push(`  ${g.path}  ${paint('grey', g.location ? `${g.location.file}:${g.location.line}` : '')}`.trimEnd());
    lines.push('  If one of these should have a standard, raise it with the architecture team.', '');
  }
  if (ev.evidenceNotes.length > 0) {
    lines.push(paint('grey', `About the evidence (${ev.evidenceNotes.length})`));
    for (const n of ev.evidenceNotes) lines.push(`  ${n.file ? `${n.file}${n.line ? `:${n.line}` : ''}: ` : ''}${n.message}`);
    lines.push('');
  }
  const overrides = ev.overrides ?? [];
  if (overrides.length > 0) {
    lines.push(paint('yellow', `Changed by the organisation's ruleset (${overrides.length})`));
    for (const o of overrides) lines.push(`  ${describeOverride(o)}  ${paint('grey', overrideSource(o))}`);
    lines.push('');
  }
  const warnings = ev.problems.filter((p) => p.level === 'warning');
  if (warnings.length > 0) {
    lines.push(paint('yellow', `Input warnings (${warnings.length})`));
    for (const p of warnings) lines.push(`  ${[p.file, p.line, p.column].filter((x) => x !== undefined).join(':')}: ${p.message}`);
    lines.push('');
  }
  lines.push(paint(ev.ok ? 'green' : 'red', verdictLine(ev.ok, ev.summary)));
  return `${lines.join('\n')}\n`;
}
