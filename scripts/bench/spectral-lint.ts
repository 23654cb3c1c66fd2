// Spectral linting one manifest in a process of its own, for the cold-start comparison in `npm run bench`:
// Spectral's core, functions and YAML parser, the mirrored ruleset, the report as JSON on stdout. The
// Spectral CLI does this and more (it also loads its argument parser and bundles a ruleset file), so
// this is a lower bound of the Spectral CLI's cold start.
import { readFileSync } from 'node:fs';
import { Document } from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { createSpectral } from './spectral-ruleset.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: spectral-lint.js MANIFEST');
  process.exit(2);
}
const results = await createSpectral().run(new Document(readFileSync(file, 'utf8'), Parsers.Yaml, file));
process.stdout.write(`${JSON.stringify(results)}\n`);
