// Text people wrote ends up on terminals and in CI logs: a line break in a manifest key must not start a
// line of its own (a CI log would read `::` at its start as a command), and escape sequences must not
// repaint the terminal. Such characters are shown as escapes instead.

/** `text` on one line, with control, line-separator and direction-override characters written as `\uXXXX` (or `\n`, `\r`, `\t`). */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- making control characters visible is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A copy of `value` with every string in it made plain: what a text report prints cannot break its lines. */
export function plainStrings<T>(value: T): T {
  if (typeof value === 'string') return plain(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => plainStrings(item)) as T;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = plainStrings(item);
    return copy as T;
  }
  return value;
}
