// Facts into an Observation: values placed at their manifest paths, list items merged by name,
// every value keyed to where it was seen, and all values kept where one field saw several.
import { formatPath, type Segment } from '../paths/jsonpath.js';
import { isListPath } from './shape.js';
import type { Evidence, EvidenceNote, Fact, Observation } from './types.js';

export function buildObservation(facts: readonly Fact[], notes: readonly EvidenceNote[]): Observation {
  const data: Record<string, unknown> = {};
  const evidence = new Map<string, Evidence>();
  for (const fact of facts) place(data, evidence, fact);
  return { data, evidence, notes: [...notes] };
}

function place(data: Record<string, unknown>, evidence: Map<string, Evidence>, fact: Fact): void {
  const { path } = fact;
  if (path.length === 0) return;
  let parent: Record<string, unknown> = data;
  for (let i = 0; i < path.length - 1; i++) {
    const key = String(path[i]);
    const next = parent[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) parent[key] = {};
    parent = parent[key] as Record<string, unknown>;
  }
  const key = String(path[path.length - 1]);
  if (isListPath(path)) {
    const list = Array.isArray(parent[key]) ? (parent[key] as unknown[]) : (parent[key] = []);
    // An empty list is an observation in itself (none found where some were looked at): it adds no item.
    if (Array.isArray(fact.value) && fact.value.length === 0) {
      if (!evidence.has(formatPath(path))) evidence.set(formatPath(path), { ...fact.evidence });
      return;
    }
    addItem(list as unknown[], path, fact, evidence);
    return;
  }
  setValue(parent, key, path, fact.value, fact.evidence, evidence);
}

/** Sets a single-valued field; a different second value is kept in the first's evidence.values. */
function setValue(parent: Record<string, unknown>, key: string, path: readonly Segment[], value: unknown, seen: Evidence, evidence: Map<string, Evidence>): void {
  const written = formatPath(path);
  if (!(key in parent)) {
    parent[key] = value;
    evidence.set(written, { ...seen });
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) citeLeaves(value as Record<string, unknown>, [...path], seen, evidence);
    return;
  }
  if (sameValue(parent[key], value)) return;
  const first = evidence.get(written);
  if (!first) return;
  const values = first.values ?? [parent[key]];
  if (!values.some((v) => sameValue(v, value))) values.push(value);
  first.values = values;
}

function addItem(list: unknown[], path: readonly Segment[], fact: Fact, evidence: Map<string, Evidence>): void {
  const { value } = fact;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const item = value as Record<string, unknown>;
    const name = typeof item.name === 'string' ? item.name.toLowerCase() : undefined;
    const index = name === undefined ? -1 : list.findIndex((x) => typeof (x as Record<string, unknown>)?.name === 'string' && ((x as Record<string, unknown>).name as string).toLowerCase() === name);
    if (index === -1) {
      const at = [...path, list.length];
      list.push({ ...item });
      evidence.set(formatPath(at), { ...fact.evidence });
      citeLeaves(item, at, fact.evidence, evidence);
      return;
    }
    const existing = list[index] as Record<string, unknown>;
    for (const [k, v] of Object.entries(item)) setValue(existing, k, [...path, index, k], v, fact.evidence, evidence);
    return;
  }
  if (list.some((x) => sameValue(x, value))) return;
  evidence.set(formatPath([...path, list.length]), { ...fact.evidence });
  list.push(value);
}

/** Every value inside a new list item is cited to the item's evidence. */
function citeLeaves(node: Record<string, unknown>, at: Segment[], seen: Evidence, evidence: Map<string, Evidence>): void {
  for (const [k, v] of Object.entries(node)) {
    const path = [...at, k];
    evidence.set(formatPath(path), { ...seen });
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) citeLeaves(v as Record<string, unknown>, path, seen, evidence);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}
