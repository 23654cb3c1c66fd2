// The job summary: Markdown appended to GITHUB_STEP_SUMMARY, at most 1 MiB per step (GitHub's limit, in bytes).
import * as core from '@actions/core';

export const SUMMARY_LIMIT = 1024 * 1024;
const CUT_NOTE = "\n\n> The report was cut to fit GitHub's 1 MiB job summary limit; the JSON report (output `report`) holds everything.\n";

/** Cuts text to at most `bytes` UTF-8 bytes without splitting a character. */
export function cutToBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= bytes) return text;
  let cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, bytes)).toString('utf8');
  // A character split at the end decodes as U+FFFD: drop it (and a lone high surrogate, never produced here, to be safe).
  while (cut.endsWith('\uFFFD') || /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/**
 * The largest rendering that fits `limit` bytes. `render(maxChars)` shortens itself to a character count
 * (the Markdown renderer drops the least important rows first, with a note); characters are not bytes, so
 * the budget is narrowed until the bytes fit, and as a last resort the text is cut with a note.
 */
export function fitMarkdown(render: (maxChars: number) => string, limit = SUMMARY_LIMIT): string {
  let max = limit;
  for (let attempt = 0; attempt < 6; attempt++) {
    const text = render(max);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes <= limit) return text;
    max = Math.max(0, Math.floor((max * limit) / bytes) - 1024);
  }
  return cutToBytes(render(max), limit - Buffer.byteLength(CUT_NOTE, 'utf8')) + CUT_NOTE;
}

/** Appends to the job summary; outside a runner (no GITHUB_STEP_SUMMARY) the summary is skipped, not an error. */
export async function writeSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set: no job summary written');
    return;
  }
  const text = fitMarkdown(() => markdown);
  try {
    await core.summary.addRaw(text, true).write();
  } catch (error) {
    core.warning(`The job summary could not be written: ${error instanceof Error ? error.message : String(error)}`);
  }
}
