// The README's "GitHub Action" section is a promise: its tables list exactly action.yml's inputs (with
// their defaults) and outputs, and it shows each workflow in examples/workflows/ verbatim.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FAIL_ON, MODES } from '../../action/inputs.js';
import { root } from '../helpers.js';

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYml;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = (() => {
  const start = readme.indexOf('\n## GitHub Action\n');
  if (start < 0) throw new Error('README.md has no "## GitHub Action" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
})();
const workflowDir = join(root, 'examples', 'workflows');
const workflows = readdirSync(workflowDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(workflowDir, name), 'utf8') }));

/** The rows of the table under a `### title` heading, as cells. */
function table(title: string): string[][] {
  const at = section.indexOf(`\n### ${title}\n`);
  if (at < 0) throw new Error(`no "### ${title}" in the GitHub Action section`);
  const lines = section.slice(at + 1).split('\n');
  const rows: string[] = [];
  for (let i = lines.findIndex((l) => l.startsWith('|')); i >= 0 && i < lines.length && lines[i]?.startsWith('|'); i++) rows.push(lines[i] as string);
  // The header and the separator row, then one row per entry.
  return rows.slice(2).map((l) => l.slice(1, -1).split(' | ').map((c) => c.trim()));
}

const code = (cell: string): string | undefined => /^`([^`]+)`$/.exec(cell)?.[1];

describe('the README documents the Action as action.yml declares it', () => {
  it('lists exactly the inputs, in order, with their defaults', () => {
    const rows = table('Inputs');
    expect(rows.map((r) => code(r[0] ?? ''))).toEqual(Object.keys(action.inputs));
    for (const [name, cell] of rows.map((r) => [code(r[0] ?? ''), r[1] ?? ''] as const)) {
      const declared = action.inputs[name as string]?.default;
      expect(declared === undefined ? cell : code(cell), `default of ${name}`).toBe(declared === undefined ? '—' : declared);
    }
  });

  it('lists exactly the outputs, in order', () => {
    expect(table('Outputs').map((r) => code(r[0] ?? ''))).toEqual(Object.keys(action.outputs));
  });

  it('shows each example workflow verbatim', () => {
    expect(workflows.map((w) => w.name)).toEqual(['assure-check.yml', 'assure-commands.yml', 'assure-sweep.yml']);
    for (const w of workflows) {
      expect(section, w.name).toContain(`\`examples/workflows/${w.name}\`:\n\n\`\`\`yaml\n${w.text}\`\`\`\n`);
    }
    // Every complete workflow in the section is one of the files.
    const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((b) => /^on:/m.test(b));
    expect(blocks.sort()).toEqual(workflows.map((w) => w.text).sort());
  });
});

describe('the example workflows', () => {
  const uses = [...readme.matchAll(/uses: (DFE-Digital\/assure@\S+)/g)].map((m) => m[1]);

  it.each(workflows)('$name uses this Action with inputs it declares', ({ text }) => {
    const wf = parse(text) as { on: unknown; permissions: Record<string, string>; jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
    expect(wf.on).toBeTruthy();
    expect(wf.permissions).toBeTypeOf('object');
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps).filter((s) => s.uses?.startsWith('DFE-Digital/assure@'));
    expect(steps).toHaveLength(1);
    const [step] = steps;
    expect(uses).toContain(step?.uses);
    for (const key of Object.keys(step?.with ?? {})) expect(Object.keys(action.inputs), `input ${key}`).toContain(key);
    expect(MODES).toContain(step?.with?.mode);
    if (step?.with?.['fail-on']) expect(FAIL_ON).toContain(step.with['fail-on']);
  });

  it('each mode has its workflow, with the permissions it needs and no more, per job; only command and sweep get the signing key', () => {
    const byMode = Object.fromEntries(
      workflows.map(({ text }) => {
        const wf = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { permissions: Record<string, string>; steps: Array<{ with?: Record<string, string> }> }> };
        const job = Object.values(wf.jobs).find((j) => j.steps.some((s) => s.with?.mode))!;
        const step = job.steps.find((s) => s.with?.mode)!;
        // Nothing granted to the workflow as a whole: each job says what it needs.
        expect(wf.permissions).toEqual({});
        return [step.with!.mode, { events: Object.keys(wf.on).sort(), permissions: job.permissions, secrets: Object.values(step.with!).filter((v) => v.includes('secrets.')) }];
      }),
    );
    expect(byMode).toEqual({
      check: { events: ['pull_request'], permissions: { contents: 'read', issues: 'read' }, secrets: [] },
      command: { events: ['issue_comment', 'issues'], permissions: { contents: 'read', issues: 'write', 'pull-requests': 'read', checks: 'write' }, secrets: ['${{ secrets.ASSURE_SIGNING_KEY }}'] },
      sweep: { events: ['schedule', 'workflow_dispatch'], permissions: { contents: 'read', issues: 'write', 'pull-requests': 'read', checks: 'write' }, secrets: ['${{ secrets.ASSURE_SIGNING_KEY }}'] },
    });
  });

  it('every reference to the Action names the same version', () => {
    expect(new Set(uses).size).toBe(1);
  });
});
