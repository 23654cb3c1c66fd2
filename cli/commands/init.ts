import { copyFileSync, constants } from 'node:fs';
import { packageRoot } from '../../src/index.js';
import { join } from 'node:path';
import { parse } from '../args.js';
import { EXIT_OK, UsageError, type Output } from '../io.js';

export const initHelp = `Usage: assure init [FILE]

Writes a commented starter manifest to FILE (default: design.yml). Never overwrites a file.
`;

export async function init(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('init', argv, {});
  if (values.help) {
    io.out(initHelp);
    return EXIT_OK;
  }
  const target = positionals[0] ?? 'design.yml';
  try {
    // COPYFILE_EXCL: the check and the write are one step, so an existing file is never replaced.
    copyFileSync(join(packageRoot(), 'templates', 'design.yml'), target, constants.COPYFILE_EXCL);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${target}: already exists; assure init never overwrites a file (edit it, or name another file)`);
    throw new UsageError(`${target}: cannot be written (${code ?? 'error'})`);
  }
  io.out(`Wrote ${target}. Fill it in, then run: assure check ${target}\n`);
  return EXIT_OK;
}
