// The JSON report: stable, documented by schema/report.schema.json, versioned by schemaVersion.
import type { Evaluation, RuleResult, StatusCounts } from '../types.js';
import { ordered } from './order.js';

/** A result as the report writes it: the engine's fields, with its location flattened (null when unknown). */
export interface JsonResult extends Pick<RuleResult, 'artefact' | 'artefactTitle' | 'rule' | 'status' | 'severity' | 'path' | 'message' | 'exemption'> {
  file: string | null;
  line: number | null;
  column: number | null;
  source: string | null;
}

export interface JsonReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  ok: boolean;
  manifest: string;
  profile: string;
  evaluatedAt: string;
  summary: StatusCounts;
  results: JsonResult[];
  gaps: Array<{ path: string; file: string | null; line: number | null; column: number | null; message: string }>;
  closable: Evaluation['closable'];
  problems: Array<{ file: string; line: number | null; column: number | null; level: 'error' | 'warning'; message: string }>;
}

export function toJsonReport(ev: Evaluation, tool: { name: string; version: string }): JsonReport {
  return {
    schemaVersion: 1,
    tool,
    ok: ev.ok,
    manifest: ev.manifest,
    profile: ev.profile,
    evaluatedAt: ev.evaluatedAt,
    summary: ev.summary,
    results: ordered(ev.results).map((r) => ({
      artefact: r.artefact,
      artefactTitle: r.artefactTitle,
      rule: r.rule,
      status: r.status,
      severity: r.severity,
      path: r.path,
      file: r.location?.file ?? null,
      line: r.location?.line ?? null,
      column: r.location?.column ?? null,
      message: r.message,
      source: r.source ?? null,
      // One object shape for every result; JSON leaves out an undefined exemption.
      exemption: r.exemption,
    })),
    gaps: ev.gaps.map((g) => ({ path: g.path, file: g.location?.file ?? null, line: g.location?.line ?? null, column: g.location?.column ?? null, message: g.message })),
    closable: ev.closable,
    problems: ev.problems.map((p) => ({ file: p.file, line: p.line ?? null, column: p.column ?? null, level: p.level, message: p.message })),
  };
}

/** One line of JSON, as machine-readable reports usually are (pipe it through `jq` to read it). */
export function renderJson(ev: Evaluation, tool: { name: string; version: string }): string {
  return `${JSON.stringify(toJsonReport(ev, tool))}\n`;
}
