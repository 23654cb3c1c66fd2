// A large school asset register, generated in memory: the benchmark's scale figure and the tests of
// large registers use the same one. Every twelfth asset has no serial number (a must: it fails), so
// 100,000 rows give 8,334 failures; `registerExemptions` waives the first N of them, one row each.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Exemption } from '../../src/types.js';
import { packageFile, packageRoot } from '../../src/package-root.js';
import { fmt } from './measure.js';

export interface RegisterScale {
  rows: number;
  exemptions: number;
  rounds: number;
  withoutMs: number;
  withMs: number;
  ratio: number;
  peakRssMiB: number;
  exempted: number;
  failures: number;
  passes: number;
  jsonBytes: number;
  markdownChars: number;
}

export const REGISTER_HEADER = 'Asset number,Description,Category,Academy,Serial number,Assigned to,Location,Purchase date,Age,Review date,Operating system,Support ends,Status,Disposal date';
/** One row in this many fails (no serial number). */
export const FAILING_EVERY = 12;

export function assetRegister(rows: number): string {
  const lines = [REGISTER_HEADER];
  for (let i = 0; i < rows; i++) {
    const serial = i % FAILING_EVERY === 0 ? '' : `SN${(1_000_000 + i).toString(36).toUpperCase()}`;
    lines.push(`NLT-${String(i).padStart(6, '0')},Dell Latitude 5440 laptop,Laptop,Academy ${i % 40},${serial},Member of staff ${i % 900},Room ${i % 60},2024-08-12,2,2027-08-31,Windows 11 24H2,2027-10-12,In use,`);
  }
  return `${lines.join('\n')}\n`;
}

/** The rows that fail, by index. */
export function failingRows(rows: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i += FAILING_EVERY) out.push(i);
  return out;
}

/** One approved exemption per failing row, for the first `count` of them. */
export function registerExemptions(rows: number, count: number): Exemption[] {
  return failingRows(rows)
    .slice(0, count)
    .map((row, i) => ({ id: `EX-${i + 1}`, artefact: 'DTSS-asset-register', rules: ['serial-number'], paths: [`$.registers.assets.rows[${row}]`], kind: 'minor', status: 'approved', expires: '2027-12-31' }));
}

/** The school example's manifest and a reader that serves the generated asset register in its place. */
export function schoolWithRegister(rows: number): { manifest: { path: string; text: string }; read: (path: string) => Promise<{ path: string; text: string } | undefined> } {
  const manifestPath = 'examples/school-trust/design.yml';
  const register = assetRegister(rows);
  return {
    manifest: { path: manifestPath, text: readFileSync(packageFile(manifestPath), 'utf8') },
    read: async (path) => {
      if (path === posix.join(posix.dirname(manifestPath), 'registers/assets.csv')) return { path, text: register };
      try {
        return { path, text: readFileSync(packageFile(path), 'utf8') };
      } catch {
        return undefined;
      }
    },
  };
}

export const TARGET_EXEMPTIONS_RATIO = 3;
export const TARGET_REGISTER_MIB = 1024;

/** Runs build/scripts/bench/register-scale.js in a process of its own and returns its figure. */
export function measureRegisterScale(rows: number, exemptions: number): RegisterScale {
  const run = spawnSync(process.execPath, ['--expose-gc', join(packageRoot(), 'build/scripts/bench/register-scale.js'), String(rows), String(exemptions)], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  if (run.status !== 0) throw new Error(`the register scale figure failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as RegisterScale;
}

/** The figure as the bench prints it, beside its targets, and the targets it misses. */
export function describeRegisterScale(scale: RegisterScale): { lines: string[]; misses: string[] } {
  const lines = [
    `asset register, ${fmt(scale.rows)} generated rows (school example, text in, JSON and Markdown reports out; median of ${scale.rounds} alternating rounds):`,
    `  without exemptions: ${fmt(scale.withoutMs)} ms; with ${fmt(scale.exemptions)} exemptions: ${fmt(scale.withMs)} ms (${fmt(scale.exempted)} exempted, ${fmt(scale.failures)} still failing); ${scale.ratio.toFixed(2)}x (target <= ${TARGET_EXEMPTIONS_RATIO}x)`,
    `  ${fmt(scale.passes)} passing row checks counted per rule; JSON report ${fmt(scale.jsonBytes)} bytes, Markdown ${fmt(scale.markdownChars)} characters`,
    `  peak memory (max RSS of its process): ${scale.peakRssMiB.toFixed(0)} MiB (target < ${TARGET_REGISTER_MIB} MiB)`,
  ];
  const misses = [
    scale.ratio > TARGET_EXEMPTIONS_RATIO && `${fmt(scale.exemptions)} exemptions cost ${scale.ratio.toFixed(2)}x the register without them (target ${TARGET_EXEMPTIONS_RATIO}x)`,
    scale.peakRssMiB >= TARGET_REGISTER_MIB && `the ${fmt(scale.rows)}-row register peaked at ${scale.peakRssMiB.toFixed(0)} MiB (target ${TARGET_REGISTER_MIB} MiB)`,
    scale.exempted !== scale.exemptions && `the register's ${fmt(scale.exemptions)} exemptions exempted ${fmt(scale.exempted)} rows`,
  ].filter((m): m is string => typeof m === 'string');
  return { lines, misses };
}
