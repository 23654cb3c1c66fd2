// Where each published JSON Schema can be fetched: the repository's raw file at the release tag of this
// package version, so an editor or validator online resolves the exact schema the CLI uses.
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const schemaId = (file) => `https://raw.githubusercontent.com/DFE-Digital/assure/v${version}/schema/${file}`;
