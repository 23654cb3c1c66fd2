import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { packageRoot } from '../../src/index.js';
import { starterManifest } from '../../src/evidence/index.js';
import { parse } from '../args.js';
import { repositoryEvidence } from '../evidence.js';
import { EXIT_OK, UsageError, type Output } from '../io.js';

export const initHelp = `Usage: assure init [FILE] [--from-repo [DIR]]

Writes a commented starter manifest to FILE (default: design.yml). Never overwrites a file.
Its first line points editors (yaml-language-server) at the manifest's JSON Schema: the copy in
node_modules when assure-design is installed in the project, otherwise the published file of this version.

Options:
  --from-repo [DIR]    fill the starter from what the repository in DIR (default: the current
                       folder) shows, each value with a comment citing the file and line it was
                       seen in; FILE then defaults to DIR/design.yml
`;

const SCHEMA_LINE = /^# yaml-language-server: \$schema=\S+$/m;

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
  const starter =
    repo === undefined
      ? readFileSync(join(packageRoot(), 'templates', 'design.yml'), 'utf8')
      : await starterManifest((await repositoryEvidence(repo, undefined, '--from-repo')).observed, basename(resolve(repo)));
  const local = installedSchema(target);
  const text = local ? starter.replace(SCHEMA_LINE, `# yaml-language-server: $schema=${local}`) : starter;
  try {
    // 'wx': the check and the write are one step, so an existing file is never replaced.
    writeFileSync(target, text, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${target}: already exists; assure init never overwrites a file (edit it, or name another file)`);
    throw new UsageError(`${target}: cannot be written (${code ?? 'error'})`);
  }
  io.out(`Wrote ${target}${repo === undefined ? '' : `, filled from what ${repo} shows`}. Fill it in, then run: assure check ${target}\n`);
  return EXIT_OK;
}

/**
 * The schema's path relative to the manifest when this package is installed in the project's
 * node_modules (editors then need no network); undefined when it runs from anywhere else (an npx
 * cache, a checkout), whose paths mean nothing to the project.
 */
function installedSchema(target: string): string | undefined {
  const schema = join(packageRoot(), 'schema', 'design-manifest.schema.json');
  const path = relative(dirname(resolve(target)), schema).split(sep).join('/');
  if (!/^(\.\.\/)*node_modules\/assure-design\/schema\//.test(path)) return undefined;
  return path.startsWith('../') ? path : `./${path}`;
}
