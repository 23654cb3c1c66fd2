// Closed vocabularies: the words people write are normalised at load to the schema's canonical
// word, so rules that enforce a list see one spelling.
import { describe, expect, it } from 'vitest';
import { builtinArtefactFiles, evaluate, loadArtefacts, parseManifest } from '../../src/index.js';
import { manifestOf } from '../helpers.js';

const library = loadArtefacts(builtinArtefactFiles()).artefacts;
const byId = (id: string) => library.find((a) => a.id === id)!;

describe('regions', () => {
  it('reads uksouth, UK South and uk-south as one region, and eu-west-2 as AWS London', () => {
    const manifest = manifestOf('service: { name: X }\nhosting: { regions: [uksouth, UK South, uk-south, eu-west-2] }\n');
    expect((manifest.data.hosting as { regions: string[] }).regions).toEqual(['uk-south', 'uk-south', 'uk-south', 'aws-eu-west-2']);
  });

  it('passes uksouth in the disaster-recovery regions rule', () => {
    const ev = evaluate(manifestOf('service: { name: X }\nhosting: { regions: [uksouth] }\n'), [byId('DFE-TG-disaster-recovery')], { today: '2026-12-01' });
    expect(ev.results.find((r) => r.rule === 'regions')?.status).toBe('pass');
  });

  it('refuses a region outside the vocabulary, with its line and the words allowed', () => {
    const outcome = parseManifest({ path: 'design.yml', text: 'service: { name: X }\nhosting:\n  regions: [mars-north]\n' });
    expect(outcome.manifest).toBeUndefined();
    expect(outcome.problems).toEqual([expect.objectContaining({ line: 3, level: 'error', message: expect.stringContaining('"uk-south"') })]);
  });
});

describe('a service with no user interface', () => {
  it('is out of scope of the accessibility standards', () => {
    const design = 'service: { name: Pipeline, phase: live, user_interface: false }\nusers: { segments: [staff] }\n';
    const ev = evaluate(manifestOf(design), [byId('DDTS-accessibility-conformance'), byId('DDTS-accessibility-statements')], { today: '2026-12-01' });
    expect(new Set(ev.results.map((r) => r.status))).toEqual(new Set(['not-applicable']));
    const withUi = evaluate(manifestOf(design.replace('false', 'true')), [byId('DDTS-accessibility-conformance')], { today: '2026-12-01' });
    // With a user interface the standards apply: what the design leaves out is to declare.
    expect(withUi.results.some((r) => r.status === 'fail' || r.status === 'unknown')).toBe(true);
  });
});
