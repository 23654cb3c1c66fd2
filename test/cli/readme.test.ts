// The README's CLI section and Node.js requirement say what the CLI and package.json do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers.js';
import { runCli } from './run.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('\n## ', readme.indexOf('## The CLI') + 1));
const block = section.slice(section.indexOf('```\n') + 4, section.indexOf('\n```', section.indexOf('```\n') + 4));
const COMMANDS = ['check', 'init', 'facts', 'list', 'explain', 'lint-policies', 'test-policies', 'schema', 'sweep', 'register'];
const options = (text: string): Set<string> => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);

/** The README block's lines for one command: its own line and the continuation lines under it. */
function readmeUsage(command: string): string {
  const lines = block.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`assure ${command} `) || l === `assure ${command}`);
  if (start < 0) return '';
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith(' '));
  return [lines[start]!, ...rest.slice(0, end < 0 ? rest.length : end)].join('\n');
}

describe("the README's CLI section", () => {
  it('names every command the CLI has, and no other', () => {
    const help = runCli(['--help']).stdout;
    for (const command of COMMANDS) {
      expect(help, command).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
      expect(readmeUsage(command), command).not.toBe('');
    }
    const named = block.split('\n').filter((l) => l.startsWith('assure ')).map((l) => l.split(/\s+/)[1]);
    expect([...new Set(named)].sort()).toEqual([...COMMANDS].sort());
  });

  it.each(COMMANDS)('agrees with `assure %s --help`', (command) => {
    const run = runCli([command, '--help']);
    expect(run.code).toBe(0);
    const helped = options(run.stdout);
    helped.delete('--help');
    // Every option the README shows for the command exists...
    for (const option of options(readmeUsage(command))) expect(helped, `README shows ${command} ${option}`).toContain(option);
    // ...and every option the command has is documented in the section.
    for (const option of helped) expect(options(section), `${command} ${option} is not in the README's CLI section`).toContain(option);
  });
});

describe("the README's Node.js requirement", () => {
  it('states the same minimum as package.json engines', () => {
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const minimum = /^>=(\d+)\.(\d+)\.0$/.exec(engines);
    expect(minimum, engines).not.toBeNull();
    const stated = /^Node\.js (\d+)\.(\d+) or later \(`engines: (>=[\d.]+)`\)/m.exec(readme);
    expect(stated, 'the Quick start states "Node.js X.Y or later (`engines: ...`)"').not.toBeNull();
    expect([stated![1], stated![2], stated![3]]).toEqual([minimum![1], minimum![2], engines]);
  });
});
