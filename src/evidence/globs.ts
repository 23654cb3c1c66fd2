// Which of a repository's paths a collector reads: its globs, with picomatch's syntax and meaning
// (dot files matched). The built-in collectors' globs ship as the regular expressions picomatch makes
// of them (the build writes build/precompiled/globs.json), so a start does not parse ninety globs; any
// other glob, or one the build did not see, is made by picomatch as it is needed.
import picomatch from 'picomatch';
import { precompiledJson } from '../schema/precompiled-files.js';

/** The file the build writes the built-in collectors' expressions to, in the precompiled folder. */
export const GLOBS_FILE = 'globs.json';

/** Each glob's expression as [source, flags], by globKey. */
export type ShippedGlobs = Record<string, [string, string]>;

let shipped: ShippedGlobs | undefined;

/** What a shipped expression is named by: the glob and whether case is ignored. */
export function globKey(glob: string, nocase: boolean): string {
  return `${nocase ? 'i' : 's'}:${glob}`;
}

/** picomatch's expression for the glob, as the matcher below uses it. */
export function globRegExp(glob: string, nocase: boolean): RegExp {
  return picomatch.makeRe(glob, { dot: true, nocase });
}

function expression(glob: string, nocase: boolean): RegExp {
  shipped ??= (precompiledJson(GLOBS_FILE) as ShippedGlobs | undefined) ?? {};
  const key = globKey(glob, nocase);
  const entry = Object.hasOwn(shipped, key) ? shipped[key] : undefined;
  return entry ? new RegExp(entry[0], entry[1]) : globRegExp(glob, nocase);
}

/**
 * Matches as `picomatch(globs, { dot: true, nocase })` does: a path matches a glob it equals as
 * written, or the glob's expression; the empty path matches nothing.
 */
export function globMatcher(globs: readonly string[], nocase: boolean): (path: string) => boolean {
  const expressions = globs.map((glob) => expression(glob, nocase));
  return (path) => path !== '' && globs.some((glob, i) => path === glob || expressions[i]!.test(path));
}
