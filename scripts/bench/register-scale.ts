// The scale figure, in its own process so its peak memory is its own: a generated 100,000-row asset
// register (in memory, nothing written to disk) checked with the school example's manifest, text in
// and JSON and Markdown reports out, without exemptions and with 8,000 (one per failing row), in
// alternating rounds. Prints one JSON line; `npm run bench` prints it beside its targets.
//   node --expose-gc build/scripts/bench/register-scale.js [ROWS] [EXEMPTIONS]
import { attachRegisters, builtinArtefactFiles, evaluate, loadArtefacts, parseManifest, type Evaluation, type Exemption } from '../../src/index.js';
import { renderJson } from '../../src/reports/json.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { median } from './measure.js';
import { registerExemptions, schoolWithRegister, type RegisterScale } from './register.js';


const rows = Number(process.argv[2] ?? 100_000);
const count = Number(process.argv[3] ?? 8_000);
const ROUNDS = 3;
const today = '2026-11-22';
const TOOL = { name: 'assure', version: 'bench' };

const artefacts = loadArtefacts(builtinArtefactFiles(), { profile: 'school' });
if (artefacts.problems.some((p) => p.level === 'error')) throw new Error(`the school library has problems: ${artefacts.problems[0]!.message}`);
const exemptions = registerExemptions(rows, count);
const { manifest: text, read } = schoolWithRegister(rows);

let last: { ev: Evaluation; json: string; markdown: string } | undefined;
async function whole(using: readonly Exemption[]): Promise<number> {
  last = undefined;
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const parsed = parseManifest(text);
  if (!parsed.manifest) throw new Error(`the school example is invalid: ${parsed.problems[0]?.message}`);
  const problems = await attachRegisters(parsed.manifest, read);
  if (problems.length > 0) throw new Error(`the register was refused: ${problems[0]!.message}`);
  const ev = evaluate(parsed.manifest, artefacts.artefacts, { today, exemptions: using });
  const json = renderJson(ev, TOOL);
  const markdown = renderMarkdown(ev);
  const ms = performance.now() - start;
  last = { ev, json, markdown };
  return ms;
}

await whole([]); // warm-up, not measured
await whole(exemptions);
const without: number[] = [];
const withExemptions: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  without.push(await whole([]));
  withExemptions.push(await whole(exemptions));
}
const { ev, json, markdown } = last!;
const withoutMs = median(without);
const withMs = median(withExemptions);
const figure: RegisterScale = {
  rows,
  exemptions: count,
  rounds: ROUNDS,
  withoutMs,
  withMs,
  ratio: withMs / withoutMs,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  exempted: ev.summary.exempted,
  failures: ev.summary.fail,
  passes: ev.summary.pass,
  jsonBytes: Buffer.byteLength(json),
  markdownChars: markdown.length,
};
process.stdout.write(`${JSON.stringify(figure)}\n`);
