import { resolve } from 'node:path';
import { factsAsJson, renderFacts } from '../../src/evidence/index.js';
import { parse } from '../args.js';
import { repositoryEvidence } from '../evidence.js';
import { EXIT_INPUT, EXIT_OK, formatProblem, UsageError, type Output } from '../io.js';

export const factsHelp = `Usage: assure facts [DIR] [options]

Prints what the repository in DIR (default: the current folder) shows about its design, in the
manifest's own shape: every value with the file and line it was seen in and the collector that saw
it, then what could not be read (caps, skipped files, settings only GitHub has).

Options:
  --format FORMAT      yaml (default) or json
  --policies DIR       also run the organisation's collectors in DIR/collectors (repeatable)
`;

export async function facts(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('facts', argv, { format: { type: 'string' }, policies: { type: 'string', multiple: true } });
  if (values.help) {
    io.out(factsHelp);
    return EXIT_OK;
  }
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format ${format}: use yaml or json`);
  const dir = positionals[0] ?? '.';
  const { observed, problems } = await repositoryEvidence(dir, values.policies, 'facts');
  const errors = problems.filter((p) => p.level === 'error');
  if (errors.length > 0) {
    for (const p of errors) io.err(`${formatProblem(p)}\n`);
    return EXIT_INPUT;
  }
  io.out(format === 'json' ? factsAsJson(observed) : await renderFacts(observed, `Observed in ${resolve(dir)} by assure facts`));
  return EXIT_OK;
}
