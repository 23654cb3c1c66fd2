// `npm run bench`: the built-in library against 1,000 generated manifests, measured three ways.
import { parse as parseYamlFloor } from 'yaml';
import { builtinArtefactFiles, evaluate, loadArtefacts, parseManifest, type Manifest } from '../src/index.js';
import { renderJson } from '../src/reports/json.js';
import { generateManifests } from './bench/generate.js';
import { fmt, peakMemoryMiB, throughput } from './bench/measure.js';

const COUNT = 1000;
const ROUNDS = 7;
const TOOL = { name: 'assure', version: 'bench' };

const texts = generateManifests(COUNT);
const sizes = texts.map((t) => Buffer.byteLength(t));
const artefacts = loadArtefacts(builtinArtefactFiles());
if (artefacts.problems.length > 0) throw new Error(`the built-in library has problems: ${artefacts.problems[0]!.message}`);
const rules = artefacts.artefacts.reduce((n, a) => n + a.rules.length, 0);

const today = '2026-11-22';

const floor = throughput(COUNT, ROUNDS, () => {
  for (const t of texts) parseYamlFloor(t);
});
let failing = 0;
const whole = throughput(COUNT, ROUNDS, () => {
  failing = 0;
  texts.forEach((text, i) => {
    const outcome = parseManifest({ path: `m${i}.yml`, text });
    const ev = evaluate(outcome.manifest!, artefacts.artefacts, { today });
    renderJson(ev, TOOL);
    if (!ev.ok) failing++;
  });
});

// Evaluation alone runs last, on manifests parsed once beforehand and held in memory.
const parsed: Manifest[] = texts.map((text, i) => {
  const outcome = parseManifest({ path: `m${i}.yml`, text });
  if (!outcome.manifest) throw new Error(`generated manifest ${i} is invalid: ${outcome.problems[0]?.message}`);
  return outcome.manifest;
});
const evaluation = throughput(COUNT, ROUNDS, () => {
  for (const m of parsed) evaluate(m, artefacts.artefacts, { today });
});
const ratio = floor.perSecond / whole.perSecond;
const peak = peakMemoryMiB();
const lines = [
  `assure benchmark: ${COUNT} generated manifests (${fmt(Math.min(...sizes))}-${fmt(Math.max(...sizes))} bytes, median of ${ROUNDS} rounds), ${artefacts.artefacts.length} artefacts, ${rules} rules, Node ${process.version}`,
  `  YAML parsing alone (yaml.parse, the floor):   ${fmt(floor.perSecond).padStart(8)} manifests/s  (${floor.msPerItem.toFixed(3)} ms each)`,
  `  evaluation alone (parsed manifests):          ${fmt(evaluation.perSecond).padStart(8)} manifests/s  (${evaluation.msPerItem.toFixed(3)} ms each)`,
  `  whole path (text in, JSON report out):        ${fmt(whole.perSecond).padStart(8)} manifests/s  (${whole.msPerItem.toFixed(3)} ms each; ${failing} not compliant)`,
  `  whole path costs ${ratio.toFixed(2)}x parsing alone (target <= 1.5x)`,
  `  peak memory (max RSS): ${peak.toFixed(0)} MiB (target < 150 MiB)`,
];
console.log(lines.join('\n'));

const misses = [
  ratio > 1.5 && `whole path is ${ratio.toFixed(2)}x parsing (target 1.5x)`,
  evaluation.perSecond < 5000 && `evaluation is ${fmt(evaluation.perSecond)}/s (target 5,000/s)`,
  peak >= 150 && `peak memory ${peak.toFixed(0)} MiB (target 150 MiB)`,
].filter(Boolean);
if (misses.length > 0) {
  console.log(`targets missed: ${misses.join('; ')}`);
  process.exitCode = 1;
}
