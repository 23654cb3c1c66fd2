import { parse } from '../args.js';
import { connect, GITHUB_HELP, GITHUB_OPTIONS } from '../github-context.js';
import { EXIT_OK, type Output } from '../io.js';
import { sweep as sweepRepository } from '../../github/sweep/sweep.js';
import { describeSweep } from '../../github/sweep/describe.js';
import { recheckDesign } from '../../github/handlers.js';

export const sweepHelp = `Usage: assure sweep [--dry-run] [options]

Moves every exception through time: reminders before each end date, expiry after it (the checks of the
designs affected run again), and keeps the exemptions register and the review-overdue issue up to date.
Idempotent: run it as often as you like. On a terminal, progress ("swept 120/400 exemptions") is shown
on standard error while it runs.

Options:
  --dry-run                print what would change ("would expire", "would create"); change nothing
  (--repository may be given more than once: each repository's exceptions are swept in turn)
${GITHUB_HELP}
`;

/** One progress line, rewritten in place on a terminal; `end()` clears it before the summary prints. */
export function progressLine(write: (text: string) => void, verb: string): { update(done: number, total: number): void; end(): void } {
  let shown = false;
  return {
    update(done, total) {
      write(`\r\x1b[K${verb} ${done}/${total} exemptions`);
      shown = true;
    },
    end() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

export async function sweep(argv: string[], io: Output, stderr: { isTTY?: boolean } = process.stderr): Promise<number> {
  const { values } = parse('sweep', argv, { ...GITHUB_OPTIONS, repository: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } }, 0);
  if (values.help) {
    io.out(sweepHelp);
    return EXIT_OK;
  }
  const dryRun = values['dry-run'] ?? false;
  // Several repositories (each naming its exceptions repository) are swept one after another.
  for (const repository of values.repository ?? [undefined]) {
    const { ctx, config } = await connect({ ...values, repository }, io, true);
    const progress = stderr.isTTY ? progressLine(io.err, dryRun ? 'checked' : 'swept') : undefined;
    let result;
    try {
      result = await sweepRepository(ctx, config, { dryRun, recheck: recheckDesign, ...(progress ? { progress: progress.update } : {}) });
    } finally {
      progress?.end();
    }
    io.out(describeSweep(result));
  }
  return EXIT_OK;
}
