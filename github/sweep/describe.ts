// A sweep's outcome in a few lines, for the CLI and the Action's log and job summary.
import type { SweepResult } from './sweep.js';

export function describeSweep(result: SweepResult): string {
  const lines = [`${result.dryRun ? 'would sweep' : 'swept'} ${result.repository} as of ${result.date}: ${result.exemptions} exception issue(s), ${result.transitions.length} change(s)`];
  for (const t of result.transitions) {
    const what = t.change === 'remind' ? `reminder, ${t.offset} day(s) before ${t.end}` : t.change === 'expire' ? `expired (last day ${t.end})` : 'labels put back';
    lines.push(`  #${t.issue} ${t.design} ${t.artefact}: ${what}`);
  }
  if (result.rechecked.length > 0) lines.push(`  checks run again: ${result.rechecked.join(', ')}`);
  lines.push(`  exemptions register: ${result.register}`);
  lines.push(`  artefacts past review-by: ${result.overdueArtefacts.length > 0 ? result.overdueArtefacts.join(', ') : 'none'} (issue ${result.review})`);
  return `${lines.join('\n')}\n`;
}
