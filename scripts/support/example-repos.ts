// The bundled examples as repositories hold them: each manifest with the files beside it (the evidence),
// its owner and name rewritten to the repository it is put in, as GitHub would show them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { packageFile } from '../../src/package-root.js';

const trees = new Map<string, Record<string, string>>();

/** Every file of an example, its manifest included (read once). */
export function exampleTree(example: string): Record<string, string> {
  const cached = trees.get(example);
  if (cached) return { ...cached };
  const dir = packageFile(`examples/${example}`);
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    files[path] = readFileSync(join(dir, path), 'utf8');
  }
  trees.set(example, files);
  return { ...files };
}

/** A manifest as the repository `org/name` declares itself. */
export function declaredIn(text: string, org: string, name: string): string {
  return text.replace(/^ {2}org: .*$/m, `  org: ${org}`).replace(/^ {2}repository: .*$/m, `  repository: ${name}`);
}

/** An example as the repository `org/name` holds it: its manifest, and the teams CODEOWNERS names, are in that organisation. */
export function exampleRepository(example: string, org: string, name: string): Record<string, string> {
  const files = exampleTree(example);
  const owners = files['.github/CODEOWNERS'];
  return {
    ...files,
    'design.yml': declaredIn(files['design.yml'] ?? '', org, name),
    ...(owners === undefined ? {} : { '.github/CODEOWNERS': owners.replace(/@DFE-Digital\//g, `@${org}/`) }),
  };
}

/**
 * The beta example in `org/name`, its .nvmrc agreeing with the Node version it declares (the example
 * contradicts it on purpose): the one failure left is the standard its pull requests ask an exception for.
 */
export function failingRepository(org: string, name: string): Record<string, string> {
  return { ...exampleRepository('beta-service', org, name), '.nvmrc': '22\n' };
}

/** The compliant example in `org/name`. */
export function compliantRepository(org: string, name: string): Record<string, string> {
  return exampleRepository('compliant-service', org, name);
}
