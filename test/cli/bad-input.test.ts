import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../helpers.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'assure-bad-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** Every bad input ends in exit 2 with one clear line per problem naming the file, and no stack trace. */
function expectInputError(args: string[], pattern: RegExp): string {
  const run = runCli(args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  expect(run.stderr).not.toMatch(/TypeError|ReferenceError|node:internal/);
  return run.stderr;
}

describe('assure check on bad input', () => {
  it('missing file', () => {
    expectInputError(['check', join(dir, 'nope.yml')], /nope\.yml: no such manifest; run `assure init`/);
  });

  it('a folder instead of a file', () => {
    expectInputError(['check', dir], /is a folder/);
  });

  it('a section name one letter off a known one: an error, with what was meant', () => {
    const beta = readFileSync(join(fixtures, '..', '..', 'examples', 'beta-service', 'design.yml'), 'utf8');
    expect(beta).toMatch(/^notifications:/m);
    const stderr = expectInputError(['check', file('typo.yml', beta.replace(/^notifications:/m, 'notification:')), '--at', '2026-12-01'], /typo\.yml:\d+:\d+: error: `notification`: unknown key; did you mean `notifications`\?/);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('empty file', () => {
    expectInputError(['check', file('empty.yml', '')], /empty\.yml: error: is empty/);
  });

  it('invalid YAML, at its line', () => {
    expectInputError(['check', file('invalid.yml', 'service:\n  name: "unterminated\n')], /invalid\.yml:\d+:\d+: error: invalid YAML/);
  });

  it('a YAML alias bomb', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(',')}]`);
    expectInputError(['check', file('bomb.yml', lines.join('\n'))], /bomb\.yml: error: uses too many YAML aliases/);
  });

  it('a manifest over 1 MiB', () => {
    expectInputError(['check', file('big.yml', `service:\n  name: x\n  description: "${'x'.repeat(1100 * 1024)}"\n`)], /big\.yml: (error: )?is larger than/);
  });

  it('a root that is not a mapping', () => {
    expectInputError(['check', file('list.yml', '- one\n- two\n')], /list\.yml:1:1: error: must be a YAML mapping/);
  });

  it('__proto__ and constructor keys', () => {
    expectInputError(['check', file('proto.yml', 'service:\n  name: x\n__proto__:\n  admin: true\n')], /proto\.yml:3:1: error: uses the reserved key "__proto__"/);
    expectInputError(['check', file('ctor.yml', 'service:\n  name: x\n  constructor: 1\n')], /ctor\.yml:3:3: error: uses the reserved key "constructor"/);
  });

  it('schema violations: all of them, each with its line', () => {
    const stderr = expectInputError(['check', file('schema.yml', 'service:\n  name: 42\n  phase: gamma\nhosting:\n  model: cloud\n')], /schema\.yml:2:9: error: \$\.service\.name: must be string/);
    expect(stderr).toMatch(/schema\.yml:3:10: error: \$\.service\.phase: must be one of/);
    expect(stderr).toMatch(/schema\.yml:5:10: error: \$\.hosting\.model: must be one of/);
    expect(stderr.trim().split('\n')).toHaveLength(3);
  });

  it('an invalid date in the manifest', () => {
    expectInputError(['check', file('date.yml', 'service:\n  name: x\naccessibility:\n  last_audit: 2026-24-10\n')], /date\.yml:4:15: error: \$\.accessibility\.last_audit: must be a real calendar date/);
  });

  it('invalid UTF-8', () => {
    expectInputError(['check', file('latin1.yml', Buffer.from([0x73, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65, 0x3a, 0x0a, 0x20, 0x20, 0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]))], /latin1\.yml: is not valid UTF-8/);
  });

  it('a broken JSONPath or assertion in an artefact, and duplicate ids', () => {
    const policies = join(dir, 'policies');
    mkdirSync(policies, { recursive: true });
    const good = readFileSync(join(fixtures, 'policies', 'T-notify.yml'), 'utf8');
    writeFileSync(join(policies, 'broken.yml'), good.replace('id: T-notify', 'id: T-broken').replace('given: $.notifications.email', 'given: $.notifications[email'));
    const manifest = file('ok.yml', 'service:\n  name: x\n');
    expectInputError(['check', manifest, '--no-builtin', '--policies', policies], /broken\.yml:20:12: error: JSONPath "\$\.notifications\[email" has unbalanced brackets/);
    const dupes = join(dir, 'dupes');
    mkdirSync(dupes);
    writeFileSync(join(dupes, 'a.yml'), good);
    writeFileSync(join(dupes, 'b.yml'), good);
    expectInputError(['check', manifest, '--no-builtin', '--policies', dupes], /b\.yml:1:5: error: duplicate artefact id "T-notify"/);
  });

  it('an artefact whose review-by date is malformed', () => {
    const bad = join(dir, 'baddate');
    cpSync(join(fixtures, 'policies', 'T-notify.yml'), join(bad, 'T-notify.yml'), { recursive: true });
    writeFileSync(join(bad, 'T-notify.yml'), readFileSync(join(bad, 'T-notify.yml'), 'utf8').replace('2027-06-30', '2026-24-10'));
    expectInputError(['check', file('ok2.yml', 'service:\n  name: x\n'), '--no-builtin', '--policies', bad], /T-notify\.yml:8:12: error: \$\.review_by: must be a real calendar date/);
  });

  it('bad options', () => {
    const manifest = file('ok3.yml', 'service:\n  name: x\n');
    expectInputError(['check', manifest, '--at', '2026-24-10'], /--at 2026-24-10: not a date/);
    expectInputError(['check', manifest, '--format', 'pdf'], /--format pdf: use one of/);
    expectInputError(['check', manifest, '--bogus'], /assure check: Unknown option '--bogus'/);
    expectInputError(['check', manifest, '--exemptions', file('ex.yml', '- id: EX-1\n  artefact: X\n  kind: huge\n  status: approved\n')], /ex\.yml:3:9: error: \$\[0\]\.kind: must be one of/);
    expectInputError(['frobnicate'], /unknown command "frobnicate"/);
    expectInputError(['constructor'], /unknown command "constructor"/);
  });
});
