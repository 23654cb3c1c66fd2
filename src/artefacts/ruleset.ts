// An organisation's ruleset adapts the library it extends, as Spectral's `extends` and rule
// overrides do: it can switch an artefact or one rule off, change a severity, or replace an artefact
// by id with its own. Every change is kept as an override that reports list, so a reviewer sees
// what was relaxed; an artefact that encodes law (`exemptable: false`) can never be switched off,
// replaced or weakened.
import { posix } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { AppliedOverride, InputProblem, Severity } from '../types.js';
import type { Locator, SourceFile } from '../source.js';
import { parseYaml } from '../yaml/parse.js';
import { createAjv, describeError, reportableErrors } from '../schema/ajv.js';
import { formatPath, type Segment } from '../paths/jsonpath.js';
import type { Artefact } from './model.js';

/** A ruleset is a file named ruleset.yml (or .yaml) among the artefact files. */
export function isRulesetFile(path: string): boolean {
  return /(^|[/\\])ruleset\.ya?ml$/i.test(path);
}

const SEVERITY_OR_OFF = { enum: ['must', 'should', 'may', 'off'] };
const RULESET_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['extends', 'overrides'],
  properties: {
    extends: { const: 'builtin' },
    overrides: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['artefact'],
        minProperties: 2,
        properties: {
          artefact: { type: 'string', minLength: 1 },
          severity: SEVERITY_OR_OFF,
          rules: { type: 'object', minProperties: 1, additionalProperties: SEVERITY_OR_OFF },
          replace: { type: 'string', minLength: 1 },
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
  },
};

let validator: ValidateFunction | undefined;

interface Entry {
  artefact: string;
  severity?: Severity | 'off';
  rules?: Record<string, Severity | 'off'>;
  /** The replacement's file, resolved against the ruleset's folder. */
  replace?: string;
  reason?: string;
}

export interface Ruleset {
  file: string;
  entries: Array<Entry & { index: number }>;
  locate: Locator;
}

export function parseRuleset(file: SourceFile): { ruleset?: Ruleset; problems: InputProblem[] } {
  const outcome = parseYaml(file);
  if (!outcome.ok) return { problems: [outcome.problem] };
  const { data, locate } = outcome.parsed;
  validator ??= createAjv({ allErrors: true }).compile(RULESET_SCHEMA);
  if (!validator(data)) {
    const problems = reportableErrors(validator.errors).map(({ error, at }) => ({
      ...where(file.path, locate, at),
      message: `ruleset ${formatPath(at)}: ${describeError(error)} (a ruleset has \`extends: builtin\` and a list of \`overrides\`, each naming an \`artefact\` and giving \`severity\`, \`rules\` or \`replace\`)`,
      level: 'error' as const,
    }));
    return { problems };
  }
  const doc = data as { overrides: Entry[] };
  const folder = posix.dirname(file.path.replace(/\\/g, '/'));
  const entries = doc.overrides.map((e, index) => ({ ...e, index, replace: e.replace === undefined ? undefined : posix.normalize(posix.join(folder, e.replace)) }));
  return { ruleset: { file: file.path, entries, locate }, problems: [] };
}

/** artefact id -> the file the organisation's replacement is in, so the loader keeps that one of the two. */
export function replacementsOf(rulesets: readonly Ruleset[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rulesets) for (const e of r.entries) if (e.replace) out.set(e.artefact, e.replace);
  return out;
}

const STRENGTH: Record<Severity, number> = { must: 3, should: 2, may: 1 };

/**
 * The artefacts with every ruleset applied. Artefacts are shared (between evaluations and between
 * organisations), so a changed one is a copy; the originals are never touched.
 */
export function applyRulesets(artefacts: readonly Artefact[], rulesets: readonly Ruleset[], replaced: ReadonlyMap<string, { from: string }>): { artefacts: Artefact[]; overrides: AppliedOverride[]; problems: InputProblem[] } {
  const byId = new Map(artefacts.map((a) => [a.id, a]));
  const overrides: AppliedOverride[] = [];
  const problems: InputProblem[] = [];
  for (const ruleset of rulesets) {
    for (const entry of ruleset.entries) {
      const base: Segment[] = ['overrides', entry.index];
      const at = (segments: Segment[] = []): { file: string; line?: number; column?: number } => where(ruleset.file, ruleset.locate, [...base, ...segments]);
      const problem = (segments: Segment[], message: string): void => void problems.push({ ...at(segments), message, level: 'error' });
      const artefact = byId.get(entry.artefact);
      if (!artefact) {
        problem(['artefact'], `no artefact has the id "${entry.artefact}"; check the spelling (\`assure list\` shows every id)`);
        continue;
      }
      const legal = !artefact.exemptable;
      const record = (o: Omit<AppliedOverride, 'artefact' | 'file' | 'line' | 'reason'>, segments: Segment[]): void => {
        overrides.push({ artefact: artefact.id, ...o, reason: entry.reason, ...(({ file, line }) => ({ file, line }))(at(segments)) });
      };
      if (entry.replace !== undefined) {
        if (legal) problem(['replace'], `${artefact.id} encodes a legal requirement (exemptable: false): it cannot be replaced`);
        else if (replaced.get(artefact.id)?.from !== entry.replace) problem(['replace'], `${entry.replace} does not define an artefact with the id ${artefact.id}; write the replacement there, with the same id`);
        else record({ change: 'replace', replacement: entry.replace }, ['replace']);
      }
      let current = byId.get(entry.artefact)!;
      if (entry.severity === 'off') {
        if (legal) problem(['severity'], `${artefact.id} encodes a legal requirement (exemptable: false): it cannot be switched off`);
        else {
          current = { ...current, switchedOff: true };
          record({ change: 'off' }, ['severity']);
        }
      } else if (entry.severity) {
        const to = entry.severity;
        if (legal && STRENGTH[to] < STRENGTH[current.severity]) problem(['severity'], `${artefact.id} encodes a legal requirement (exemptable: false): its severity cannot be lowered from ${current.severity} to ${to}`);
        else {
          const from = current.severity;
          // Rules that inherit the artefact's severity follow it; a rule with its own keeps it.
          current = { ...current, severity: to, rules: current.rules.map((r) => (r.severity === from ? { ...r, severity: to } : r)) };
          record({ change: 'severity', from, to }, ['severity']);
        }
      }
      for (const [ruleId, to] of Object.entries(entry.rules ?? {})) {
        const rule = current.rules.find((r) => r.id === ruleId);
        if (!rule) {
          problem(['rules', ruleId], `${artefact.id} has no rule "${ruleId}"; its rules are ${current.rules.map((r) => r.id).join(', ')}`);
          continue;
        }
        if (legal && (to === 'off' || STRENGTH[to] < STRENGTH[rule.severity])) {
          problem(['rules', ruleId], `${artefact.id} encodes a legal requirement (exemptable: false): rule ${ruleId} cannot be ${to === 'off' ? 'switched off' : `lowered from ${rule.severity} to ${to}`}`);
          continue;
        }
        if (to === 'off') {
          current = { ...current, rules: current.rules.filter((r) => r.id !== ruleId) };
          record({ change: 'off', rule: ruleId }, ['rules', ruleId]);
        } else {
          current = { ...current, rules: current.rules.map((r) => (r.id === ruleId ? { ...r, severity: to } : r)) };
          record({ change: 'severity', rule: ruleId, from: rule.severity, to }, ['rules', ruleId]);
        }
      }
      if (current !== byId.get(entry.artefact)) byId.set(entry.artefact, { ...current, summary: { ...current.summary, severity: current.severity } });
    }
  }
  const changed = [...byId.values()].map((a) => {
    const own = overrides.filter((o) => o.artefact === a.id);
    return own.length > 0 ? { ...a, overrides: own } : a;
  });
  return { artefacts: changed, overrides, problems };
}

function where(file: string, locate: Locator, segments: readonly Segment[]): { file: string; line?: number; column?: number } {
  const location = locate(segments);
  return { file, line: location?.line, column: location?.column };
}
