import { readFileSync } from 'node:fs';
import { packageRoot } from '../../src/index.js';
import { join } from 'node:path';
import { parse } from '../args.js';
import { EXIT_OK, UsageError, type Output } from '../io.js';

export const schemaHelp = `Usage: assure schema [manifest|artefact|collector|report|config]

Prints a JSON Schema: the design manifest (default), the artefact format, an organisation
collector, the JSON report or the configuration (.github/assure.yml).
Editors can use it: # yaml-language-server: $schema=<path of the file>
`;

const FILES: Record<string, string> = {
  manifest: 'design-manifest.schema.json',
  artefact: 'artefact.schema.json',
  collector: 'collector.schema.json',
  report: 'report.schema.json',
  config: 'config.schema.json',
};

export async function schema(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parse('schema', argv, {});
  if (values.help) {
    io.out(schemaHelp);
    return EXIT_OK;
  }
  const which = positionals[0] ?? 'manifest';
  const file = Object.hasOwn(FILES, which) ? FILES[which] : undefined;
  if (!file) throw new UsageError(`"${which}" is not one of ${Object.keys(FILES).join(', ')}`);
  io.out(readFileSync(join(packageRoot(), 'schema', file), 'utf8'));
  return EXIT_OK;
}
