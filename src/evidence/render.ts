// `assure facts`: the observed document with the provenance of every value, as YAML or JSON.
import type { Evidence, Observation } from './types.js';

/** "Gemfile.lock:212 (frameworks)", or "observed absent: no LICENCE file (licence)". */
export function citation(evidence: Evidence): string {
  const where = evidence.line ? `${evidence.file}:${evidence.line}` : evidence.file;
  const detail = evidence.detail ? `: ${evidence.detail}` : '';
  const also = evidence.values && evidence.values.length > 1 ? `; the files show ${evidence.values.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return `${where === '.' ? 'the repository' : where} (${evidence.collector})${detail}${also}`;
}

export async function renderFacts(observation: Observation, heading: string): Promise<string> {
  const { commentText, writeAnnotatedYaml } = await import('./yaml-writer.js');
  const body = writeAnnotatedYaml(observation.data, {
    prompts: false,
    comment: (path) => {
      const seen = observation.evidence.get(path);
      return seen ? citation(seen) : undefined;
    },
  });
  const notes = observation.notes.map((n) => `#   ${n.kind}: ${commentText(n.message)}`);
  return [`# ${commentText(heading)}`, '# Each value is followed by the file and line it was seen in, and the collector that saw it.', '', body.trimEnd(), ...(notes.length ? ['', '# Notes:', ...notes] : [])].join('\n') + '\n';
}

export function factsAsJson(observation: Observation): string {
  const facts = [...observation.evidence.entries()].map(([path, evidence]) => ({ path, ...evidence }));
  return JSON.stringify({ data: observation.data, facts, notes: observation.notes }, null, 2) + '\n';
}
