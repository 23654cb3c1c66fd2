// An organisation's changes to the library, in words a reviewer reads: what was relaxed or replaced.
import type { AppliedOverride } from '../types.js';

export function describeOverride(o: AppliedOverride): string {
  const what = o.rule ? `${o.artefact}/${o.rule}` : o.artefact;
  const change = o.change === 'off' ? 'switched off' : o.change === 'replace' ? `replaced by the organisation's own (${o.replacement ?? ''})` : `${o.from === undefined || o.to === undefined || rank(o.to) < rank(o.from) ? 'lowered' : 'raised'} from ${o.from ?? '?'} to ${o.to ?? '?'}`;
  return `${what} ${change}${o.reason ? `: ${o.reason}` : ''}`;
}

export function overrideSource(o: AppliedOverride): string {
  return `${o.file}${o.line ? `:${o.line}` : ''}`;
}

function rank(s: string): number {
  return s === 'must' ? 3 : s === 'should' ? 2 : 1;
}
