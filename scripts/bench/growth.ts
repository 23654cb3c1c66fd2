// `node build/scripts/bench/growth.js` (after `npm run build`): how the cost of a check grows with the
// manifest's size, the number of artefacts, and a register's rows and exemptions, a small table each,
// for docs/performance.md. Medians of several runs in this process; the registers in processes of their own.
import { parse as yamlParse, stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinArtefactFiles, evaluate, loadArtefacts, packageRoot, parseManifest } from '../../src/index.js';
import { fmt, median } from './measure.js';
import { measureRegisterScale } from './register.js';

const TODAY = '2026-11-22';
const RUNS = 7;

/** Milliseconds one call takes: the median of RUNS samples, each repeating the call for at least 50 ms, after as long a warm-up. */
function timed(run: () => void): number {
  let repeats = 0;
  const warm = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - warm) / 1e6 < 50 || repeats < 3) {
    run();
    repeats++;
  }
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < repeats; k++) run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6 / repeats);
  }
  return median(times);
}

const ms = (n: number): string => (n < 10 ? n.toFixed(2) : fmt(n));
const services = loadArtefacts(builtinArtefactFiles()).artefacts.filter((a) => a.profile === 'service');
const example = yamlParse(readFileSync(join(packageRoot(), 'examples/compliant-service/design.yml'), 'utf8')) as { data_stores: unknown[] };

console.log('Manifest size (the compliant example with its data stores repeated; all service artefacts):\n');
console.log('| bytes | data stores | parse and schema check | `yaml.parse` alone | evaluation |');
console.log('| --- | --- | --- | --- | --- |');
for (const copies of [1, 10, 100]) {
  const data = { ...example, data_stores: Array.from({ length: copies }, (_, i) => example.data_stores.map((s) => ({ ...(s as object), name: `store-${i}-${(s as { name: string }).name}` }))).flat() };
  const text = stringify(data);
  const manifest = parseManifest({ path: 'design.yml', text }).manifest!;
  const parseMs = timed(() => parseManifest({ path: 'design.yml', text }));
  const floorMs = timed(() => yamlParse(text));
  const evaluateMs = timed(() => evaluate(manifest, services, { today: TODAY }));
  console.log(`| ${fmt(Buffer.byteLength(text))} | ${data.data_stores.length} | ${ms(parseMs)} ms | ${ms(floorMs)} ms | ${ms(evaluateMs)} ms |`);
}

console.log('\nArtefact count (service artefacts, the first N by id; the compliant example):\n');
console.log('| artefacts | rules | load (parse, schema check, compile) | evaluation |');
console.log('| --- | --- | --- | --- |');
const files = builtinArtefactFiles();
const serviceFiles = files.filter((f) => services.some((a) => a.file === f.path));
const manifest = parseManifest({ path: 'design.yml', text: readFileSync(join(packageRoot(), 'examples/compliant-service/design.yml'), 'utf8') }).manifest!;
for (const count of [10, 20, serviceFiles.length]) {
  const subset = serviceFiles.slice(0, count);
  const set = loadArtefacts(subset);
  const loadMs = timed(() => loadArtefacts(subset));
  const evaluateMs = timed(() => evaluate(manifest, set.artefacts, { today: TODAY }));
  console.log(`| ${set.artefacts.length} | ${set.artefacts.reduce((n, a) => n + a.rules.length, 0)} | ${ms(loadMs)} ms | ${ms(evaluateMs)} ms |`);
}

console.log('\nRegister rows and exemptions (a school asset register, text in, JSON and Markdown reports out; each in its own process):\n');
console.log('| rows | exemptions | without exemptions | with them | peak memory |');
console.log('| --- | --- | --- | --- | --- |');
for (const [rows, exemptions] of [
  [1_000, 80],
  [10_000, 800],
  [100_000, 8_000],
] as const) {
  const scale = measureRegisterScale(rows, exemptions);
  console.log(`| ${fmt(rows)} | ${fmt(exemptions)} | ${fmt(scale.withoutMs)} ms | ${fmt(scale.withMs)} ms (${scale.ratio.toFixed(2)}x) | ${fmt(scale.peakRssMiB)} MiB |`);
}
