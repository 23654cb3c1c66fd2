// SARIF as GitHub code scanning uses it: valid against the OASIS 2.1.0 schema, alerts matched across
// runs by fingerprints that ignore line numbers, rule help from each artefact, relative URIs, and the
// number of results GitHub accepts in one run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/schema/ajv.js';
import { FINGERPRINT_KEY, MAX_SARIF_RESULTS, renderReport, toSarif } from '../../src/reports/index.js';
import { builtinArtefactFiles, evaluate, loadArtefacts, parseManifest, type Evaluation } from '../../src/index.js';
import { root } from '../helpers.js';
import { manyFailures } from './fixture.js';

const tool = { name: 'assure', version: '0.1.0', informationUri: 'https://github.com/DFE-Digital/assure' };
const artefacts = loadArtefacts(builtinArtefactFiles()).artefacts;
const LEGACY = 'examples/legacy-service/design.yml';

function evaluateText(path: string, text: string): Evaluation {
  const manifest = parseManifest({ path, text }).manifest!;
  return evaluate(manifest, artefacts, { today: '2026-12-01' });
}

// The official schema is draft-04; its only draft-04 specifics are the top-level `id` and `$schema`,
// so without them the same definitions compile in the project's validator.
function officialValidator() {
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(join(root, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  return createAjv({ allErrors: true }).compile(schema);
}

const legacyText = readFileSync(join(root, LEGACY), 'utf8');
const legacy: Log = JSON.parse(renderReport(evaluateText(LEGACY, legacyText), 'sarif', { tool, artefacts, root }));
const run = legacy.runs[0]!;

describe('SARIF for code scanning', () => {
  it('the legacy example validates against the SARIF 2.1.0 schema', () => {
    const validate = officialValidator();
    expect(validate(legacy), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(run.results!.length).toBeGreaterThan(40);
    // The validator is real: a level SARIF does not define is refused.
    const broken = structuredClone(legacy);
    (broken.runs[0]!.results![0] as { level: string }).level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  it('gives every result a fingerprint of artefact, rule, file and path, not line', () => {
    const fingerprints = run.results!.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
    expect(fingerprints.every((f) => typeof f === 'string' && /^[0-9a-f]{64}$/.test(f))).toBe(true);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    // Two lines added above everything: every line moves, no fingerprint does.
    const moved: Log = JSON.parse(renderReport(evaluateText(LEGACY, `# moved\n# down\n${legacyText}`), 'sarif', { tool, artefacts, root }));
    const movedResults = moved.runs[0]!.results!;
    expect(movedResults.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY])).toEqual(fingerprints);
    const line = (r: (typeof movedResults)[number]) => r.locations?.[0]?.physicalLocation?.region?.startLine;
    const located = run.results!.findIndex((r) => line(r) !== undefined);
    expect(line(movedResults[located]!)).toBe(line(run.results![located]!)! + 2);
  });

  it('describes each rule with the artefact: full description, and help with rationale, remediation and source', () => {
    const notify = run.tool.driver.rules!.find((r) => r.id.startsWith('GOV-mandated-notify/'))!;
    const artefact = artefacts.find((a) => a.id === 'GOV-mandated-notify')!;
    expect(artefact.rationale && artefact.remediation).toBeTruthy();
    expect(notify.fullDescription!.text).toContain(artefact.rationale!.trim().slice(0, 40));
    expect(notify.help!.markdown).toContain('### Why');
    expect(notify.help!.markdown).toContain(artefact.remediation!.trim().slice(0, 40));
    expect(notify.help!.markdown).toContain(`<${artefact.source}>`);
    expect(notify.help!.text).toContain(`Source: ${artefact.source}`);
    expect(run.tool.driver.rules!.every((r) => r.help?.markdown && r.fullDescription?.text)).toBe(true);
  });

  it('writes URIs relative to the root, under %SRCROOT%, even when the manifest path is absolute', () => {
    const absolute: Log = JSON.parse(renderReport(evaluateText(join(root, LEGACY), legacyText), 'sarif', { tool, artefacts, root }));
    const locations = absolute.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!);
    expect(new Set(locations.map((l) => `${l.uriBaseId} ${l.uri}`))).toEqual(new Set([`%SRCROOT% ${LEGACY}`]));
    expect(absolute.runs[0]!.automationDetails).toEqual({ id: `assure/${LEGACY}/` });
    const spaced = toSarif(evaluateText('my designs/design.yml', legacyText), { ...tool, artefacts, root: '/repo' });
    expect(spaced.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('my%20designs/design.yml');
  });

  it(`keeps at most ${MAX_SARIF_RESULTS.toLocaleString('en-GB')} results, the worst first, and says how many it left out`, () => {
    const whole = toSarif(manyFailures(MAX_SARIF_RESULTS), { ...tool, artefacts: [] });
    expect(whole.runs[0]!.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(whole.runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
    const cut = toSarif(manyFailures(MAX_SARIF_RESULTS + 7), { ...tool, artefacts: [] });
    expect(cut.runs[0]!.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(cut.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.message.text).toBe(
      '7 of 25,007 results left out: GitHub code scanning accepts 25,000 per run (the worst are kept)',
    );
    // The schema's uniqueItems makes validating 25,000 results and rules quadratic: the notice is what is new here.
    cut.runs[0]!.results = cut.runs[0]!.results!.slice(0, 10);
    cut.runs[0]!.tool.driver.rules = cut.runs[0]!.tool.driver.rules!.slice(0, 10);
    expect(officialValidator()(cut)).toBe(true);
  });
});
