// Regular expressions written by an organisation run over a repository's (untrusted) text. JavaScript's
// engine backtracks, so patterns that can backtrack exponentially are refused before they run:
// a quantified group that itself holds a quantifier or alternatives ((a+)+, (a|ab)*), back-references,
// and more than three unbounded quantifiers. Lines are matched one at a time, capped in length.

export const MAX_REGEX_LINE = 1000;

/** Compiles a pattern, or throws an Error saying why it is refused. */
export function compileSafeRegex(pattern: string): RegExp {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
  } catch (error) {
    throw new Error(`not a valid regular expression: ${(error as Error).message}`, { cause: error });
  }
  const groups: Array<{ quantified: boolean; alternatives: boolean }> = [];
  let unbounded = 0;
  let inClass = false;
  let closed: { quantified: boolean; alternatives: boolean } | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) throw new Error('back-references are not allowed');
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') groups.push({ quantified: false, alternatives: false });
    else if (ch === '|') {
      const top = groups[groups.length - 1];
      if (top) top.alternatives = true;
    } else if (ch === ')') {
      closed = groups.pop();
      const parent = groups[groups.length - 1];
      if (parent && closed?.quantified) parent.quantified = true;
      continue;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier) {
        if (pattern[i - 1] === ')' && closed && (closed.quantified || closed.alternatives)) {
          throw new Error('a repeated group holds a quantifier or alternatives (e.g. (a+)+ or (a|b)*), which can take exponential time');
        }
        const top = groups[groups.length - 1];
        if (top) top.quantified = true;
        if (quantifier === 'unbounded') unbounded++;
      }
    }
    closed = undefined;
  }
  if (unbounded > 3) throw new Error('more than three unbounded quantifiers (*, +, {n,})');
  return regex;
}

function quantifierAt(pattern: string, at: number): 'bounded' | 'unbounded' | undefined {
  const ch = pattern[at];
  if (ch === '*' || ch === '+') return 'unbounded';
  if (ch === '?') return pattern[at - 1] === '(' ? undefined : 'bounded';
  if (ch === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (!match) return undefined;
    return match[2] !== undefined && match[3] === '' ? 'unbounded' : 'bounded';
  }
  return undefined;
}
