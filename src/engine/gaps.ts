// Step 3 of the governance process: parts of a design that no published artefact covers.
import type { Gap } from '../types.js';
import type { Artefact } from '../artefacts/model.js';
import { formatPath, type Segment } from '../paths/jsonpath.js';
import type { Manifest } from '../manifest/load.js';
import { isPresent } from './present.js';

/** Identity and bookkeeping sections describe the design rather than being part of it. */
const NOT_DESIGN = new Set(['kind', 'service', 'organisation', '$schema']);

export function designParts(data: Record<string, unknown>): Segment[][] {
  const parts: Segment[][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (NOT_DESIGN.has(key) || !isPresent(value)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [child, inner] of Object.entries(value as Record<string, unknown>)) {
        if (isPresent(inner)) parts.push([key, child]);
      }
    } else {
      parts.push([key]);
    }
  }
  return parts;
}

function related(a: readonly Segment[], b: readonly Segment[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function findGaps(manifest: Manifest, artefacts: readonly Artefact[]): Gap[] {
  const covered: Segment[][] = [];
  for (const artefact of artefacts) {
    if (artefact.status !== 'published' || artefact.profile !== manifest.profile) continue;
    const paths = [...artefact.scope.given, ...artefact.covers, ...artefact.rules.flatMap((r) => r.given)];
    for (const path of paths) {
      if (path.expression === '$') continue;
      let matches;
      try {
        matches = path.evaluate(manifest.data);
      } catch {
        continue; // the rule's own result already reports the error
      }
      for (const match of matches) if (match.segments.length > 0) covered.push(match.segments);
    }
  }
  return designParts(manifest.data)
    .filter((part) => !covered.some((c) => related(c, part)))
    .map((part) => {
      const path = formatPath(part);
      const location = manifest.locate(part);
      return {
        path,
        ...(location ? { location } : {}),
        message: `No standard covers ${path}: if one should, raise it with the architecture team`,
      };
    });
}
