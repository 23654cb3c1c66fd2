// The prose of a page template (ERB, Nunjucks, Razor, Markdown, HTML), for collectors that read what
// a public statement says. Prose has no parser: HTML tags are blanked to spaces of the same length, so
// every match keeps its offset (and so its line), while the text of template expressions
// (`<%= link_to "WCAG version 2.2", ... %>`) stays readable.
import { lineAt } from './parse.js';

export interface ProseMatch {
  /** The matched text, its whitespace collapsed. */
  text: string;
  groups: string[];
  line: number;
}

/** HTML tags (not template tags `<% %>`, `<%= %>`, `{% %}`) blanked, newlines kept. */
export function prose(text: string): string {
  return text.replace(/<(?![%!])[^<>]{0,2000}>/g, (tag) => tag.replace(/[^\n]/g, ' '));
}

/** The first match of `pattern` in the prose, with its capture groups and the line it starts on. */
export function findInProse(text: string, blanked: string, pattern: RegExp): ProseMatch | undefined {
  const match = pattern.exec(blanked);
  if (!match) return undefined;
  return { text: match[0].replace(/\s+/g, ' ').trim(), groups: match.slice(1).map((g) => g ?? ''), line: lineAt(text, match.index) };
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "12 March 2024" (the GOV.UK style) -> 2024-03-12; anything else -> undefined. */
export function isoDate(day: string, month: string, year: string): string | undefined {
  const m = MONTHS.indexOf(month.toLowerCase()) + 1;
  const d = Number(day);
  if (m === 0 || !Number.isInteger(d) || d < 1 || d > 31) return undefined;
  const date = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // Reject 31 February and the like: the calendar must give back the same date.
  return new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date ? date : undefined;
}
