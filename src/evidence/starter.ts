// A starter manifest from a repository's evidence: every observed value written in with a comment
// citing where it was seen, everything else as commented prompts for the team to fill in.
import type { Observation } from './types.js';
import { packageVersion } from '../package-root.js';
import { citation } from './render.js';

/** Loaded when a starter is written: the YAML writer (and the yaml package under it) is not part of a check. */
export async function starterManifest(observation: Observation, serviceName: string): Promise<string> {
  const { commentText, writeAnnotatedYaml } = await import('./yaml-writer.js');
  const data: Record<string, unknown> = { service: { name: serviceName }, ...observation.data };
  const body = writeAnnotatedYaml(data, {
    prompts: true,
    comment: (path) => {
      if (path === '$.service.name') return 'the name users know the service by: check it';
      const seen = observation.evidence.get(path);
      return seen ? `observed in ${citation(seen)}` : undefined;
    },
  });
  const notes = observation.notes.map((n) => `#   ${commentText(n.message)}`);
  return [
    `# yaml-language-server: $schema=https://raw.githubusercontent.com/DFE-Digital/assure/v${packageVersion()}/schema/design-manifest.schema.json`,
    '#',
    '# The technical design of this service, checked by assure on every pull request.',
    "# Values with an `observed in` comment were read from the repository's own files: keep them",
    '# true as the code changes (assure reports where the two disagree). Commented lines are the',
    '# rest of the design: uncomment and fill in what applies. Run `assure check` for the verdict.',
    ...(notes.length ? ['#', '# While reading the repository:', ...notes] : []),
    '',
    body.trimEnd(),
  ].join('\n') + '\n';
}
