// The README's example table is a promise: each example's verdict is what `assure check --at DATE` prints,
// DATE being the day the README states, so the table never depends on the calendar.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli/run.js';
import { root } from './helpers.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const asOf = /evaluated as of (\d{4}-\d{2}-\d{2})/.exec(readme)?.[1] ?? 'the README states no date';
const rows = [...readme.matchAll(/^\| `(examples\/[^`]+)` \| [^|]+ \| ([^|]+) \| (\d) \|$/gm)].map((m) => ({ manifest: m[1]!, verdict: m[2]!.trim(), exit: Number(m[3]) }));

describe('the examples in the README', () => {
  it('states the date the table is evaluated as of', () => {
    expect(asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lists every example', () => {
    expect(rows.map((r) => r.manifest).sort()).toEqual([
      'examples/beta-service/design.yml',
      'examples/compliant-service/design.yml',
      'examples/legacy-service/design.yml',
      'examples/school-trust/design.yml',
    ]);
  });

  it.each(rows)('$manifest: $verdict', ({ manifest, verdict, exit }) => {
    const run = runCli(['check', manifest, '--at', asOf]);
    expect(run.code, run.stderr).toBe(exit);
    expect(run.stdout.trim().split('\n').pop()).toBe(verdict);
    expect(run.stderr).toBe('');
  });

  it('the beta example fails only on email through SendGrid, and reports its AI feature as a gap', () => {
    const report = JSON.parse(runCli(['check', 'examples/beta-service/design.yml', '--format', 'json', '--at', asOf]).stdout) as {
      results: Array<{ status: string; artefact: string; rule: string; path: string; line: number; message: string }>;
      gaps: Array<{ path: string }>;
    };
    const failing = report.results.filter((r) => r.status === 'fail');
    expect(failing).toEqual([expect.objectContaining({ artefact: 'GOV-mandated-notify', rule: 'email-via-notify', path: '$.notifications.email', line: 69, message: 'Email is sent with sendgrid: send it through GOV.UK Notify' })]);
    expect(report.gaps.map((g) => g.path)).toEqual(['$.ai.generative', '$.ai.provider', '$.ai.purpose']);
  });

  it('the school example points register findings at CSV rows and columns', () => {
    const report = JSON.parse(runCli(['check', 'examples/school-trust/design.yml', '--format', 'json', '--at', asOf]).stdout) as {
      results: Array<{ status: string; artefact: string; file: string; line: number; column: number }>;
    };
    const serial = report.results.find((r) => r.status === 'fail' && r.artefact === 'DTSS-asset-register');
    expect(serial).toMatchObject({ file: 'examples/school-trust/registers/assets.csv', line: 13, column: 5 });
  });
});
