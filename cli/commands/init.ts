import { copyFileSync, constants, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { packageRoot } from '../../src/index.js';
import { starterManifest } from '../../src/evidence/index.js';
import { parse } from '../args.js';
import { repositoryEvidence } from '../evidence.js';
import { EXIT_OK, UsageError, type Output } from '../io.js';

export const initHelp = `Usage: assure init [FILE] [--from-repo [DIR]]

Writes a commented starter manifest to FILE (default: design.yml). Never overwrites a file.

Options:
  --from-repo [DIR]    fill the starter from what the repository in DIR (default: the current
                       folder) shows, each value with a comment citing the file and line it was
                       seen in; FILE then defaults to DIR/design.yml
`;

/** `--from-repo` takes an optional folder: `--from-repo` alone means the current folder. */
function normaliseFromRepo(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg !== '--from-repo') out.push(arg);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) out.push(`--from-repo=${argv[++i]}`);
    else out.push('--from-repo=.');
  }
  return out;
}

export async function init(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('init', normaliseFromRepo(argv), { 'from-repo': { type: 'string' } });
  if (values.help) {
    io.out(initHelp);
    return EXIT_OK;
  }
  const repo = values['from-repo'];
  const target = positionals[0] ?? (repo === undefined ? 'design.yml' : join(repo, 'design.yml'));
  try {
    if (repo === undefined) {
      // COPYFILE_EXCL: the check and the write are one step, so an existing file is never replaced.
      copyFileSync(join(packageRoot(), 'templates', 'design.yml'), target, constants.COPYFILE_EXCL);
    } else {
      const { observed } = await repositoryEvidence(repo, undefined, '--from-repo');
      writeFileSync(target, starterManifest(observed, basename(resolve(repo))), { flag: 'wx' });
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${target}: already exists; assure init never overwrites a file (edit it, or name another file)`);
    throw new UsageError(`${target}: cannot be written (${code ?? 'error'})`);
  }
  io.out(`Wrote ${target}${repo === undefined ? '' : `, filled from what ${repo} shows`}. Fill it in, then run: assure check ${target}\n`);
  return EXIT_OK;
}
