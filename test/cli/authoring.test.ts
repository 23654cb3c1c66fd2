// Authoring artefacts: lint-policies finds every problem in one run; test-policies counts cases and
// expectations the same way throughout and names the rules no case tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

const FIVE_MISTAKES = `id: X-five
title: Five mistakes
kind: standerd
owner: Someone
status: published
version: 1
review_by: 2026-24-10
source: https://example.org/x
severity: must
exemptable: true
rules:
  one:
    given: $.hosting[
    assert: { type: string }
  two:
    given: $.hosting
    assert: { maxAg: P1Y }
  three:
    given: $.hosting
    assert: { type: strin }
`;

const TWO_RULES = `id: X-two
title: Two rules
kind: standard
owner: Someone
status: published
version: 1
review_by: 2099-01-01
source: https://example.org/x
severity: must
exemptable: true
rules:
  provider:
    given: $.hosting.provider
    assert: { const: azure }
  model:
    given: $.hosting.model
    assert: { const: paas }
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'assure-authoring-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('assure lint-policies', () => {
  it('prints all five problems of an artefact in one run, each with its line and in plain words', () => {
    const run = runCli(['lint-policies', folder({ 'X-five.yml': FIVE_MISTAKES })]);
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).toHaveLength(5);
    expect(errors.map((l) => Number(/X-five\.yml:(\d+):/.exec(l)?.[1]))).toEqual([3, 7, 13, 17, 20]);
    expect(errors[0]).toContain('must be one of "standard", "pattern", "guidance"');
    expect(errors[2]).toContain('JSONPath "$.hosting[" has unbalanced brackets');
    expect(errors[3]).toContain('"maxAg" is not a keyword an assertion can use');
    expect(errors[4]).toContain('"type" must be one of string, number');
    expect(run.stdout).not.toMatch(/strict mode|schema is invalid|data\//);
    expect(run.stdout).toContain('1 files, 0 artefacts, 5 errors, 0 warnings');
  });
});

describe('assure test-policies', () => {
  it('counts cases and expectations in one unit each and lists the rules no case tests', () => {
    const tests = `at: 2026-12-01
cases:
  - name: on Azure
    manifest: { service: { name: X }, hosting: { provider: azure } }
    expect: { provider: pass }
  - name: wrongly expects a failure
    manifest: { service: { name: X }, hosting: { provider: azure } }
    expect: { provider: fail }
`;
    const run = runCli(['test-policies', folder({ 'X-two.yml': TWO_RULES, 'X-two.test.yml': tests })]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 artefacts, 2 cases, 2 expectations\n1 passed, 1 failed (cases); 1 of 2 expectations met\n');
    expect(run.stdout).toContain('Coverage: 1 rules with no test case: X-two/model');
    // The case that wrongly expects a failure proves nothing: only verdicts that held count.
    expect(run.stdout).toContain('Coverage: 1 rules lack a compliant (pass), non-compliant (fail, warn) or undeclared (unknown, not-applicable) case: X-two/provider (no non-compliant, no undeclared)');
  });

  it('says when every rule has a compliant, a non-compliant and an undeclared case; a rule that only asks for a fact needs no non-compliant one', () => {
    const artefact = `${TWO_RULES.replace(/rules:[\s\S]*$/, '')}rules:
  provider:
    given: $.hosting.provider
    assert: { const: azure }
  model-declared:
    given: $
    assert: { required: [hosting], properties: { hosting: { required: [model] } } }
`;
    const tests = `at: 2026-12-01
cases:
  - name: on Azure, model declared
    manifest: { service: { name: X }, hosting: { provider: azure, model: paas } }
    expect: { provider: pass, model-declared: pass }
  - name: on AWS
    manifest: { service: { name: X }, hosting: { provider: aws } }
    expect: { provider: fail, model-declared: unknown }
  - name: nothing about hosting
    manifest: { service: { name: X } }
    expect: { provider: not-applicable }
`;
    const run = runCli(['test-policies', folder({ 'X-two.yml': artefact, 'X-two.test.yml': tests })]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('Coverage: every tested rule has a compliant, a non-compliant and an undeclared case (1 rules only ask for facts to be declared');
  });
});
