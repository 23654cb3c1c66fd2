// `npm run policies:readme`: regenerates policies/README.md from the artefact files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinArtefactFiles, loadArtefacts, packageRoot } from '../src/index.js';
import { renderPoliciesReadme } from '../src/catalogue/policies-readme.js';

const set = loadArtefacts(builtinArtefactFiles());
if (set.problems.length > 0) {
  console.error(set.problems.map((p) => `${p.file}:${p.line ?? 1}: ${p.message}`).join('\n'));
  process.exit(1);
}
writeFileSync(join(packageRoot(), 'policies', 'README.md'), renderPoliciesReadme(set.artefacts));
console.log(`policies/README.md: ${set.artefacts.length} artefacts`);
