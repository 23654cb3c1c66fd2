// The job log reads a line that starts with `::` (after any spaces) as a workflow command: text a
// pull request controls (a manifest key, a message) must never be able to set an output, mask a value or
// stop command processing. Every line the Action prints passes through here.
import * as core from '@actions/core';

/** `text` with every line that would start a workflow command broken by a zero-width space after its first colon. */
export function inert(text: string): string {
  // Any Unicode white space, as the runner trims it before looking for `::`.
  return text.replace(/^([\s\u0085]*):(?=:)/gm, '$1:\u200b');
}

/** Prints text that may hold what a pull request wrote. */
export function logInfo(text: string): void {
  core.info(inert(text));
}
