// `npm run bench`: the built-in library against 1,000 generated manifests, measured three ways;
// then a slice of it side by side with Stoplight Spectral, and the CLI's cold start.
import { parse as parseYamlFloor } from 'yaml';
import { builtinArtefactFiles, evaluate, loadArtefacts, packageRoot, parseManifest, type Evaluation, type Manifest } from '../src/index.js';
import { renderJson } from '../src/reports/json.js';
import { measureColdStarts, type ColdStart } from './bench/cold-start.js';
import { spawn } from 'node:child_process';
import { describeRegisterScale, measureRegisterScale } from './bench/register.js';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateManifests } from './bench/generate.js';
import { fmt, median, peakMemoryMiB, throughput, throughputSideBySide, type Throughput } from './bench/measure.js';


const COUNT = 1000;
const ROUNDS = 7;
const TOOL = { name: 'assure', version: 'bench' };

const texts = generateManifests(COUNT);
const sizes = texts.map((t) => Buffer.byteLength(t));
const artefacts = loadArtefacts(builtinArtefactFiles());
if (artefacts.problems.length > 0) throw new Error(`the built-in library has problems: ${artefacts.problems[0]!.message}`);
const rules = artefacts.artefacts.reduce((n, a) => n + a.rules.length, 0);

const today = '2026-11-22';

// The floor (the popular parser merely reading each text) and the whole path, side by side in
// alternating rounds, so a change in the machine's load falls on both.
let failing = 0;
const [floor, whole] = await throughputSideBySide(ROUNDS, [
  {
    items: COUNT,
    run: () => {
      for (const t of texts) parseYamlFloor(t);
    },
  },
  {
    items: COUNT,
    run: () => {
      failing = 0;
      texts.forEach((text, i) => {
        const outcome = parseManifest({ path: `m${i}.yml`, text });
        const ev = evaluate(outcome.manifest!, artefacts.artefacts, { today });
        renderJson(ev, TOOL);
        if (!ev.ok) failing++;
      });
    },
  },
]) as [Throughput, Throughput];

// Evaluation alone, on manifests parsed once beforehand and held in memory. It runs after the rounds
// above: holding a thousand parsed manifests teaches V8 that what the parser allocates lives long, and
// V8 then allocates it straight into the old generation for the rest of the process, where a parse
// that is over leaves it as garbage only a full collection frees. Measured before, the whole path
// would pay for that.
const parsed: Manifest[] = texts.map((text, i) => {
  const outcome = parseManifest({ path: `m${i}.yml`, text });
  if (!outcome.manifest) throw new Error(`generated manifest ${i} is invalid: ${outcome.problems[0]?.message}`);
  return outcome.manifest;
});
// Each round evaluates every manifest several times, so that it outlasts the slower stretch that follows
// the collection forced between rounds (see scripts/bench/measure.ts).
const EVALUATION_PASSES = 5;
const evaluation = throughput(COUNT * EVALUATION_PASSES, ROUNDS, () => {
  for (let pass = 0; pass < EVALUATION_PASSES; pass++) for (const m of parsed) evaluate(m, artefacts.artefacts, { today });
});
const ratio = whole.msPerItem / floor.msPerItem;
const peak = peakMemoryMiB();
const TARGET_WHOLE_OVER_FLOOR = 0.5;
const lines = [
  `assure benchmark: ${COUNT} generated manifests (${fmt(Math.min(...sizes))}-${fmt(Math.max(...sizes))} bytes, median of ${ROUNDS} rounds), ${artefacts.artefacts.length} artefacts, ${rules} rules, Node ${process.version}`,
  `  yaml.parse alone (the popular parser, reading only): ${fmt(floor.perSecond).padStart(8)} manifests/s  (${floor.msPerItem.toFixed(3)} ms each)`,
  `  whole path (text in, JSON report out):              ${fmt(whole.perSecond).padStart(8)} manifests/s  (${whole.msPerItem.toFixed(3)} ms each; ${failing} not compliant)`,
  `  whole path costs ${ratio.toFixed(2)}x yaml.parse alone (alternating rounds; target <= ${TARGET_WHOLE_OVER_FLOOR}x)`,
  `  evaluation alone (parsed manifests):                ${fmt(evaluation.perSecond).padStart(8)} manifests/s  (${evaluation.msPerItem.toFixed(3)} ms each; target >= 5,000/s)`,
  `  peak memory (max RSS): ${peak.toFixed(0)} MiB (target < 150 MiB)`,
];
console.log(lines.join('\n'));

const misses = [
  ratio > TARGET_WHOLE_OVER_FLOOR && `whole path is ${ratio.toFixed(2)}x yaml.parse (target ${TARGET_WHOLE_OVER_FLOOR}x)`,
  evaluation.perSecond < 5000 && `evaluation is ${fmt(evaluation.perSecond)}/s (target 5,000/s)`,
  peak >= 150 && `peak memory ${peak.toFixed(0)} MiB (target 150 MiB)`,
].filter(Boolean);

// A school's 100,000-row asset register with 8,000 exemptions, side by side with none, in its own
// process so that its peak memory is its own (and the figure above is the bench's alone).
const scale = describeRegisterScale(measureRegisterScale(100_000, 8_000));
console.log(scale.lines.join('\n'));
misses.push(...scale.misses);

// Side by side with Stoplight Spectral: the mirrored slice of the library on both, on the same texts.
// Spectral is loaded only now, so that nothing of it is in the figures above (peak memory above all).
const { assureFindings, createSpectral, lintWithSpectral, MIRRORS, mirroredSlice, spectralDocument, spectralFindings, spectralVersion, usesSchema, violatingManifests } =
  await import('./bench/spectral.js');
const PEER_TIMED = 100;
const PEER_ROUNDS = 5;
const BREAKDOWN_ROUNDS = 3;
const BREAKDOWN_ROUND_MS = 300;
const TARGET_RATIO = 20;
const slice = mirroredSlice(artefacts.artefacts);
const spectral = createSpectral();
// Spectral with one set of ajv instances for the whole process (its `schema` function keys them by document).
const spectralCached = createSpectral(undefined, { cachedValidators: true });
const peerTexts = violatingManifests(COUNT);
const finding = (ev: Evaluation): number => ev.results.reduce((n, r) => n + (r.status === 'fail' || r.status === 'warn' ? 1 : 0), 0);

// Findings: every manifest, both tools, compared as sets of (mirrored rule, path).
const differences: string[] = [];
let differing = 0;
let cachedDiffering = 0;
let findings = 0;
const fired = new Set<string>();
for (const [i, text] of peerTexts.entries()) {
  const outcome = parseManifest({ path: `m${i}.yml`, text });
  if (!outcome.manifest) throw new Error(`edited manifest ${i} is invalid: ${outcome.problems[0]?.message}`);
  const data = outcome.manifest.data;
  const ours = assureFindings(evaluate(outcome.manifest, slice, { today }), data);
  const theirs = spectralFindings(await lintWithSpectral(spectral, text), data);
  const cached = spectralFindings(await lintWithSpectral(spectralCached, text), data);
  if (cached.size !== theirs.size || [...cached].some((f) => !theirs.has(f))) {
    cachedDiffering++;
    differences.push(`manifest ${i}: Spectral with cached validators found other findings than Spectral as shipped`);
  }
  findings += ours.size;
  for (const f of ours) fired.add(f.slice(0, f.indexOf(' ')));
  const onlyOurs = [...ours].filter((f) => !theirs.has(f));
  const onlyTheirs = [...theirs].filter((f) => !ours.has(f));
  if (onlyOurs.length + onlyTheirs.length > 0) {
    differing++;
    for (const f of onlyOurs) differences.push(`manifest ${i}: only assure: ${f}`);
    for (const f of onlyTheirs) differences.push(`manifest ${i}: only Spectral: ${f}`);
  }
}

// Throughput, text in and findings out on both sides (parsing included), on the same texts; then
// where each spends its time: parsing alone, and the rules alone on documents parsed beforehand.
const timed = peerTexts.slice(0, PEER_TIMED);
let sink = 0;
const held = timed.map((text, i) => parseManifest({ path: `m${i}.yml`, text }).manifest!);
const documents = timed.map((text) => spectralDocument(text));
const schemaRules = MIRRORS.filter(usesSchema).length;
const withoutSchema = createSpectral((m) => !usesSchema(m));
const [ours, theirs, theirsCached] = await throughputSideBySide(PEER_ROUNDS, [
  {
    items: timed.length,
    run: () => {
      timed.forEach((text, i) => {
        sink += finding(evaluate(parseManifest({ path: `m${i}.yml`, text }).manifest!, slice, { today }));
      });
    },
  },
  {
    items: timed.length,
    run: async () => {
      for (const text of timed) sink += (await lintWithSpectral(spectral, text)).length;
    },
  },
  {
    items: timed.length,
    run: async () => {
      for (const text of timed) sink += (await lintWithSpectral(spectralCached, text)).length;
    },
  },
]);
const peerRatio = ours!.perSecond / theirs!.perSecond;
const cachedRatio = ours!.perSecond / theirsCached!.perSecond;
const TARGET_CACHED_RATIO = 4;
const [ourParse, theirParse, ourRules, theirRules, theirRulesWithoutSchema] = await throughputSideBySide(BREAKDOWN_ROUNDS, [
  {
    items: timed.length,
    run: () => {
      timed.forEach((text, i) => {
        sink += parseManifest({ path: `m${i}.yml`, text }).manifest ? 1 : 0;
      });
    },
  },
  {
    items: timed.length,
    run: () => {
      for (const text of timed) sink += spectralDocument(text).diagnostics.length;
    },
  },
  {
    items: timed.length,
    run: () => {
      for (const m of held) sink += finding(evaluate(m, slice, { today }));
    },
  },
  {
    items: timed.length,
    run: async () => {
      for (const d of documents) sink += (await spectral.run(d)).length;
    },
  },
  {
    items: timed.length,
    run: async () => {
      for (const d of documents) sink += (await withoutSchema.run(d)).length;
    },
  },
], BREAKDOWN_ROUND_MS);
if (sink < 0) console.log(sink); // keeps the measured work observable

const ms = (t: Throughput | undefined): string => t!.msPerItem.toFixed(2);
const peer = [
  `assure vs Stoplight Spectral ${spectralVersion()}: ${MIRRORS.length} Spectral rules mirroring ${slice.reduce((n, a) => n + a.rules.length, 0)} assure rules from ${slice.length} artefacts, ${fmt(COUNT)} generated manifests edited to break them`,
  differing === 0 && cachedDiffering === 0
    ? `  findings: the same on all ${fmt(COUNT)} manifests, Spectral with cached validators included (${fmt(findings)} findings; ${fired.size} of ${MIRRORS.length} rules found something)`
    : `  findings: differ on ${fmt(differing)} of ${fmt(COUNT)} manifests; the first differences:\n${differences.slice(0, 8).map((d) => `    ${d}`).join('\n')}`,
  `  whole path, text in, findings out (the first ${timed.length} manifests, median of ${PEER_ROUNDS} alternating rounds):`,
  `    assure   (parseManifest, evaluate on the slice):   ${fmt(ours!.perSecond).padStart(6)} manifests/s  (${ms(ours)} ms each)`,
  `    Spectral (new Document(text, Parsers.Yaml), run):  ${fmt(theirs!.perSecond).padStart(6)} manifests/s  (${ms(theirs)} ms each)`,
  `    Spectral, validators cached for the process:   ${fmt(theirsCached!.perSecond).padStart(6)} manifests/s  (${ms(theirsCached)} ms each)`,
  `    assure/Spectral: ${peerRatio.toFixed(1)}x (target >= ${TARGET_RATIO}x); assure/Spectral with cached validators: ${cachedRatio.toFixed(1)}x (target >= ${TARGET_CACHED_RATIO}x)`,
  `  where the time goes (ms per manifest, median of ${BREAKDOWN_ROUNDS} alternating rounds):`,
  `    parsing alone:              assure ${ms(ourParse)}, Spectral ${ms(theirParse)}`,
  `    rules on parsed documents:  assure ${ms(ourRules)}, Spectral ${ms(theirRules)} (${ms(theirRulesWithoutSchema)} without its ${schemaRules} schema-function rules)`,
];
console.log(peer.join('\n'));

// Cold starts, side by side in alternating rounds: Node doing nothing (`node -e 0`, the least any Node
// program costs), the CLI as a runner starts it (a new process, the compliant example, the JSON report
// out), the Action as the runner starts it (node dist/index.js, inputs as INPUT_* variables, a
// pull_request event, against a local GitHub in another process), and Spectral linting the same
// manifest with the mirrored ruleset in a process of its own.
const TARGET_COLD_OVER_NODE = 3;
const TARGET_COLD_OVER_SPECTRAL = 0.5;
const manifestPath = 'examples/compliant-service/design.yml';
const cliArgs = ['bin/assure.js', 'check', manifestPath, '--format', 'json'];
const simChild = spawn(process.execPath, [join(packageRoot(), 'build/scripts/bench/action-sim.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
const simInfo = await new Promise<{ url: string; eventPath: string; token: string; dir: string; workspace: string }>((resolve, reject) => {
  let buffered = '';
  simChild.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const line = buffered.split('\n')[0];
    if (buffered.includes('\n') && line) resolve(JSON.parse(line) as { url: string; eventPath: string; token: string; dir: string; workspace: string });
  });
  simChild.once('exit', (code) => reject(new Error(`the local GitHub for the Action's cold start exited (${code})`)));
});
const runnerFiles = { GITHUB_STEP_SUMMARY: join(simInfo.dir, 'summary.md'), GITHUB_OUTPUT: join(simInfo.dir, 'output') };
for (const file of Object.values(runnerFiles)) writeFileSync(file, '');
const actionEnv = {
  GITHUB_ACTIONS: 'true',
  INPUT_MODE: 'check',
  'INPUT_GITHUB-TOKEN': simInfo.token,
  'INPUT_FAIL-ON': 'must',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_EVENT_PATH: simInfo.eventPath,
  GITHUB_REPOSITORY: 'DFE-Digital/register-trainee-teachers',
  GITHUB_API_URL: simInfo.url,
  GITHUB_RUN_ID: '1',
  RUNNER_TEMP: simInfo.dir,
  GITHUB_WORKSPACE: simInfo.workspace,
  ...runnerFiles,
};
// Beside them, for where the time goes, the CLI without reading the repository (no Terraform parser),
// and the CLI compiled without its code cache, as the Action always is.
const [bareNode, cli, cliWithoutEvidence, cliUncached, action, spectralProcess] = measureColdStarts(
  [
    { command: 'node', args: ['-e', '0'] },
    { command: 'node', args: cliArgs },
    { command: 'node', args: [...cliArgs, '--no-evidence'] },
    { command: 'node', args: ['build/scripts/bench/cli-uncached.js', ...cliArgs.slice(1)] },
    { command: 'node', args: ['dist/index.js'], env: actionEnv },
    { command: 'node', args: ['build/scripts/bench/spectral-lint.js', manifestPath] },
  ],
  { cwd: packageRoot(), runs: 7 },
) as [ColdStart, ColdStart, ColdStart, ColdStart, ColdStart, ColdStart];
simChild.stdin.end();
const rssOf = (c: ColdStart): string => (c.peakRssMiB === undefined ? 'peak RSS not measured' : `peak RSS ${c.peakRssMiB.toFixed(0)} MiB (${c.rssBy})`);
const exitsOf = (c: ColdStart): string => (c.exitCodes.every((code) => code === 0) ? '' : `; exit codes ${c.exitCodes.join(', ')}`);
const cliOverNode = cli.medianMs / bareNode.medianMs;
const cliOverSpectral = cli.medianMs / spectralProcess.medianMs;
const actionOverNode = action.medianMs / bareNode.medianMs;
const actionOverSpectral = action.medianMs / spectralProcess.medianMs;
console.log(`cold starts (median of ${bareNode.runsMs.length} alternating rounds):`);
console.log(`  node -e 0: ${fmt(bareNode.medianMs)} ms`);
console.log(`  Spectral linting ${manifestPath} in its own process (build/scripts/bench/spectral-lint.js; a lower bound of the Spectral CLI): ${fmt(spectralProcess.medianMs)} ms, ${rssOf(spectralProcess)}${exitsOf(spectralProcess)}`);
console.log(`  CLI (node ${cliArgs.join(' ')}): ${fmt(cli.medianMs)} ms, ${rssOf(cli)}${exitsOf(cli)}; ${cliOverNode.toFixed(1)}x node -e 0 (target <= ${TARGET_COLD_OVER_NODE}x), ${cliOverSpectral.toFixed(2)}x Spectral (target <= ${TARGET_COLD_OVER_SPECTRAL}x)`);
console.log(`  for comparison, the CLI with --no-evidence (the repository not read, so no Terraform parser): ${fmt(cliWithoutEvidence.medianMs)} ms, ${rssOf(cliWithoutEvidence)}${exitsOf(cliWithoutEvidence)}; ${(cliWithoutEvidence.medianMs / bareNode.medianMs).toFixed(1)}x node -e 0, ${(cliWithoutEvidence.medianMs / spectralProcess.medianMs).toFixed(2)}x Spectral (no target)`);
console.log(`  for comparison, the CLI compiled without its code cache, as the Action always is (build/scripts/bench/cli-uncached.js): ${fmt(cliUncached.medianMs)} ms, ${rssOf(cliUncached)}${exitsOf(cliUncached)}; ${(cliUncached.medianMs / bareNode.medianMs).toFixed(1)}x node -e 0, ${(cliUncached.medianMs / spectralProcess.medianMs).toFixed(2)}x Spectral (no target)`);
console.log(`  Action (node dist/index.js, mode check, the compliant example, process start to report): ${fmt(action.medianMs)} ms, ${rssOf(action)}${exitsOf(action)}; ${actionOverNode.toFixed(1)}x node -e 0 (target <= ${TARGET_COLD_OVER_NODE}x), ${actionOverSpectral.toFixed(2)}x Spectral (target <= ${TARGET_COLD_OVER_SPECTRAL}x)`);

// Evidence collection from the fixture repositories, side by side with parsing and evaluating the starter
// manifest built from what each shows (the design a team would begin from): median ms of ROUNDS each.
const TARGET_COLLECT_MS = 250;
// Loaded only now, as Spectral is, so that the peak memory figure above is the check's alone.
const { collectFromDirectory, starterManifest } = await import('../src/evidence/index.js');
const fixtures = join(packageRoot(), 'test/fixtures/repos');
for (const name of readdirSync(fixtures).sort()) {
  const dir = join(fixtures, name);
  const observed = await collectFromDirectory(dir);
  const text = await starterManifest(observed, name);
  const manifest = parseManifest({ path: 'design.yml', text }).manifest!;
  const collectMs: number[] = [];
  const parseMs: number[] = [];
  const evaluateMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let start = performance.now();
    await collectFromDirectory(dir);
    collectMs.push(performance.now() - start);
    start = performance.now();
    parseManifest({ path: 'design.yml', text });
    parseMs.push(performance.now() - start);
    start = performance.now();
    evaluate(manifest, artefacts.artefacts, { today, observed });
    evaluateMs.push(performance.now() - start);
  }
  const collect = median(collectMs);
  console.log(
    `  evidence from test/fixtures/repos/${name} (${observed.evidence.size} facts): collect ${collect.toFixed(1)} ms, parse ${median(parseMs).toFixed(2)} ms, evaluate ${median(evaluateMs).toFixed(2)} ms per run, median of ${ROUNDS} (target collect <= ${TARGET_COLLECT_MS} ms)`,
  );
  misses.push(collect > TARGET_COLLECT_MS && `collecting evidence from ${name} took ${collect.toFixed(0)} ms (target ${TARGET_COLLECT_MS} ms)`);
}


// The expiry sweep's cost in GitHub requests (issue: at most about 150, no writes, for 10,000).
const { measureSweepCost } = await import('./bench/sweep-cost.js');
const sweepCost = await measureSweepCost(10_000);
console.log(`  sweep over ${fmt(sweepCost.exemptions)} exemptions, nothing due: ${sweepCost.requests} GitHub requests, ${sweepCost.writes} writes, ${fmt(sweepCost.ms)} ms against the local GitHub (target <= 150 requests, no writes)`);

misses.push(
  !action.exitCodes.every((c) => c === 0) && `the Action did not exit 0 on the compliant example`,
  (sweepCost.requests > 150 || sweepCost.writes > 0) && `the sweep made ${sweepCost.requests} requests and ${sweepCost.writes} writes`,
  differing > 0 && `assure and Spectral findings differ on ${fmt(differing)} manifests`,
  cachedDiffering > 0 && `Spectral with cached validators differs from Spectral on ${fmt(cachedDiffering)} manifests`,
  peerRatio < TARGET_RATIO && `assure is ${peerRatio.toFixed(1)}x Spectral's throughput (target ${TARGET_RATIO}x)`,
  cachedRatio < TARGET_CACHED_RATIO && `assure is ${cachedRatio.toFixed(1)}x Spectral's throughput with its validators cached (target ${TARGET_CACHED_RATIO}x)`,
  cliOverNode > TARGET_COLD_OVER_NODE && `the CLI's cold start is ${cliOverNode.toFixed(1)}x node -e 0 (target ${TARGET_COLD_OVER_NODE}x)`,
  cliOverSpectral > TARGET_COLD_OVER_SPECTRAL && `the CLI's cold start is ${cliOverSpectral.toFixed(2)}x Spectral's (target ${TARGET_COLD_OVER_SPECTRAL}x)`,
  actionOverNode > TARGET_COLD_OVER_NODE && `the Action's cold start is ${actionOverNode.toFixed(1)}x node -e 0 (target ${TARGET_COLD_OVER_NODE}x)`,
  actionOverSpectral > TARGET_COLD_OVER_SPECTRAL && `the Action's cold start is ${actionOverSpectral.toFixed(2)}x Spectral's (target ${TARGET_COLD_OVER_SPECTRAL}x)`,
  !cli.exitCodes.every((c) => c === 0) && `the CLI did not exit 0 on the compliant example`,
);
const missed = misses.filter(Boolean);
if (missed.length > 0) {
  console.log(`targets missed: ${missed.join('; ')}`);
  process.exitCode = 1;
}
