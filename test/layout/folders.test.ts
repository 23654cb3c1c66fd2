// The README's "Where things live" names every top-level folder and every folder of github/, and nothing else.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';

const NOT_PART = new Set(['.git', 'node_modules', 'build', 'coverage']);

function folders(path: string): string[] {
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !NOT_PART.has(e.name))
    .map((e) => e.name)
    .sort();
}

/** The folder list in the README: `name/` at the start of a line is top level, indented is inside the folder above it. */
function listed(): { top: string[]; github: string[] } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Where things live'));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const top: string[] = [];
  const github: string[] = [];
  for (const line of block.split('\n')) {
    const match = /^( *)([\w.-]+)\/ /.exec(line);
    if (!match?.[2]) continue;
    if (match[1] === '') top.push(match[2]);
    else if (top.at(-1) === 'github') github.push(match[2]);
  }
  return { top: top.sort(), github: github.sort() };
}

describe('README: where things live', () => {
  it('lists every top-level folder, and no other', () => {
    expect(listed().top).toEqual(folders(root));
  });

  it('lists every folder of github/, and no other', () => {
    expect(listed().github).toEqual(folders(join(root, 'github')));
  });
});
