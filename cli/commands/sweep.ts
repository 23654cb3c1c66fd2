import { parse } from '../args.js';
import { connect, GITHUB_HELP, GITHUB_OPTIONS } from '../github-context.js';
import { EXIT_OK, type Output } from '../io.js';
import { sweep as sweepRepository } from '../../github/sweep/sweep.js';
import { describeSweep } from '../../github/sweep/describe.js';
import { recheckDesign } from '../../github/handlers.js';

export const sweepHelp = `Usage: assure sweep [--dry-run] [options]

Moves every exception through time: reminders before each end date, expiry after it (the checks of the
designs affected run again), and keeps the exemptions register and the review-overdue issue up to date.
Idempotent: run it as often as you like.

Options:
  --dry-run                print what would change; change nothing
  (--repository may be given more than once: each repository's exceptions are swept in turn)
${GITHUB_HELP}
`;

export async function sweep(argv: string[], io: Output): Promise<number> {
  const { values } = parse('sweep', argv, { ...GITHUB_OPTIONS, repository: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } }, 0);
  if (values.help) {
    io.out(sweepHelp);
    return EXIT_OK;
  }
  // Several repositories (each naming its exceptions repository) are swept one after another.
  for (const repository of values.repository ?? [undefined]) {
    const { ctx, config } = await connect({ ...values, repository }, io, true);
    const result = await sweepRepository(ctx, config, { dryRun: values['dry-run'] ?? false, recheck: recheckDesign });
    io.out(describeSweep(result));
  }
  return EXIT_OK;
}
