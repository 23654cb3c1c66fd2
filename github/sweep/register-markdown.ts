// The exemptions register as Markdown: the body of the register issue, within an issue body's size.
import { inline } from '../../src/reports/safe-markdown.js';
import { RECENT_DAYS, type Register } from './exemptions-register.js';
import { registerGantt } from './register-chart.js';

const MAX_BODY = 60_000;

function countTable(title: string, counts: Record<string, number>): string[] {
  const entries = Object.entries(counts);
  if (entries.length === 0) return [];
  return [`| ${title} | In force |`, '| --- | --- |', ...entries.map(([k, n]) => `| ${inline(k, 100)} | ${n} |`), ''];
}

/** The register as Markdown, within an issue body's size: rows beyond it are counted, and the CSV has them all. */
export function registerMarkdown(register: Register): string {
  const inForce = register.rows.filter((r) => r.status === 'approved').length;
  const head = [
    '### Exemptions register',
    '',
    `${inForce} exemption(s) in force and ${register.rows.length - inForce} ended in the last ${RECENT_DAYS} days, as of ${register.date}. Kept up to date by assure's sweep; \`assure register --format csv\` gives the same list for a spreadsheet.`,
    '',
    ...countTable('Kind', register.counts.kind),
    ...countTable('Area of work', register.counts.area),
    ...countTable('Artefact', register.counts.artefact),
    ...registerGantt(register),
    '',
  ];
  const table = ['| Exemption | Repository | Artefact | Kind | Status | Area | Requester | Approver | Conditions | Approved | Expires | Days left |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  let size = head.join('\n').length + table.join('\n').length;
  let shown = 0;
  for (const r of register.rows) {
    const line = `| [#${r.issue}](${r.url}) | ${inline(r.repository, 100)} | ${inline(r.artefact, 100)} | ${r.kind} | ${r.status} | ${inline(r.area, 60)} | ${inline(r.requester, 40)} | ${inline(r.approvers.join(', '), 80)} | ${inline(r.conditions.join('; '), 200)} | ${r.approved ?? ''} | ${r.expires ?? ''}${r.realign_by ? ` (realign by ${r.realign_by})` : ''} | ${r.days_left ?? ''} |`;
    if (size + line.length + 200 > MAX_BODY) break;
    table.push(line);
    size += line.length + 1;
    shown++;
  }
  const more = register.rows.length - shown;
  return [...head, ...(register.rows.length > 0 ? table : ['No exemptions.']), ...(more > 0 ? ['', `${more} more not shown here: run \`assure register --format csv\` for the full list.`] : []), ''].join('\n');
}
