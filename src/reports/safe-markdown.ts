// Text people wrote ends up in comments the App posts: it must not ping anyone, open HTML, or
// break the table it sits in.
const ESCAPES: Record<string, string> = { '\\': '\\\\', '`': '\\`', '*': '\\*', _: '\\_', '[': '\\[', ']': '\\]', '<': '&lt;', '>': '&gt;', '|': '\\|', '#': '\\#', '~': '\\~', '!': '\\!', '&': '&amp;' };

/** One line: line breaks become spaces; control and direction-override characters are dropped; long text is cut. */
function flat(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const one = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Inline text: Markdown and HTML inert, @mentions and #references unlinked, one line. */
export function inline(text: string, max = 300): string {
  return flat(text, max)
    .replace(/[\\`*_[\]<>|#~!&]/g, (c) => ESCAPES[c]!)
    .replace(/[@\uFF20]/g, (c) => `${c}\u200b`);
}

/** A table cell: inline text that cannot end the cell early. */
export const cell = inline;

/**
 * Inline code, shown as written on one line: nothing in a code span renders or mentions anyone, a
 * backtick cannot end it, and a `|` cannot end the table cell it sits in.
 */
export function code(text: string, max = 300): string {
  const body = flat(text, max).replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${body.trim() === '' ? `'${body}'` : body}\``;
}

/** An http(s) address that cannot end its Markdown link early or smuggle a mention; undefined otherwise. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()@<>[\]`"'\\\s*_|~!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A link whose text is `label` (already escaped); plain label when the address is not a safe http(s) one. */
export function link(label: string, url: string | undefined): string {
  const safe = safeUrl(url);
  return safe ? `[${label}](${safe})` : label;
}

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
