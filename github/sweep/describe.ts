// A sweep's outcome in a few lines, for the CLI and the Action's log and job summary. A dry run says what
// would happen ("would expire", "would create"), never what did.
import type { IssueAction, SweepResult, Transition } from './sweep.js';

const WOULD: Record<IssueAction, string> = { created: 'would create', updated: 'would update', closed: 'would close', unchanged: 'unchanged', none: 'none' };

function change(t: Transition, dryRun: boolean): string {
  if (t.change === 'remind') return `${dryRun ? 'would remind' : 'reminded'}, ${t.offset} day(s) before ${t.end}`;
  if (t.change === 'expire') return `${dryRun ? 'would expire' : 'expired'} (last day ${t.end})`;
  return dryRun ? 'would put labels back' : 'labels put back';
}

export function describeSweep(result: SweepResult): string {
  const issue = (action: IssueAction): string => (result.dryRun ? WOULD[action] : action);
  const lines = [`${result.dryRun ? 'would sweep' : 'swept'} ${result.repository} as of ${result.date}: ${result.exemptions} exception issue(s), ${result.transitions.length} change(s)`];
  for (const t of result.transitions) lines.push(`  #${t.issue} ${t.design} ${t.artefact}: ${change(t, result.dryRun)}`);
  if (result.rechecked.length > 0) lines.push(`  checks run again: ${result.rechecked.join(', ')}`);
  lines.push(`  exemptions register: ${issue(result.register)}`);
  lines.push(`  artefacts past review-by: ${result.overdueArtefacts.length > 0 ? result.overdueArtefacts.join(', ') : 'none'} (issue ${issue(result.review)})`);
  return `${lines.join('\n')}\n`;
}
