/** Compares dotted versions part by part (numbers numerically); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = partsOf(a);
  const pb = partsOf(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** True when `version` lies within release line `line` ("3.2" covers 3.2, 3.2.0 and 3.2.4). */
export function inReleaseLine(version: string | VersionParts, line: string | VersionParts): boolean {
  const pv = typeof version === 'string' ? partsOf(version) : version;
  const pl = typeof line === 'string' ? partsOf(line) : line;
  return pl.every((part, i) => (pv[i] ?? 0) === part);
}

export type VersionParts = ReadonlyArray<number | string>;

export function versionText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && /^v?\d+(\.[0-9A-Za-z-]+)*$/.test(value.trim())) return value.trim().replace(/^v/, '');
  return undefined;
}

export function partsOf(version: string): Array<number | string> {
  return version.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
