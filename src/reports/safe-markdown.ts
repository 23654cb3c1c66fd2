// Text people wrote ends up in comments the App posts: it must not ping anyone, open HTML, or
// break the table it sits in.
const ESCAPES: Record<string, string> = { '\\': '\\\\', '`': '\\`', '*': '\\*', _: '\\_', '[': '\\[', ']': '\\]', '<': '&lt;', '>': '&gt;', '|': '\\|', '#': '\\#', '~': '\\~', '!': '\\!', '&': '&amp;' };

/** Inline text: Markdown and HTML inert, @mentions and #references unlinked, one line. */
export function inline(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const flat = text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
  const short = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return short.replace(/[\\`*_[\]<>|#~!&]/g, (c) => ESCAPES[c]!).replace(/@/g, '@\u200b');
}

/** A table cell: inline text that cannot end the cell early. */
export const cell = inline;

/**
 * `text` as a fenced code block no line of it can close (the fence is longer than any run of backticks
 * inside); longer than `max` characters, it is cut and the cut said.
 */
export function codeBlock(text: string, info: string, max = 60_000): string {
  const body = text.length > max ? `${text.slice(0, max)}\n# … cut to fit` : text;
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${body.endsWith('\n') ? body : `${body}\n`}${fence}`;
}
