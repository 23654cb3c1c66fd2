// Ending the step on an error: a person's mistake (an input, the configuration, a standards repository)
// is one clear message naming what to fix; anything else is one line too, with the stack only in the
// debug log (ACTIONS_STEP_DEBUG).
import * as core from '@actions/core';
import { ConfigError, formatConfigProblem, visibleProblem } from '../github/config/errors.js';
import { ArtefactSourceError } from '../github/design/artefacts.js';
import { cell } from '../src/reports/safe-markdown.js';
import { InputError } from './inputs.js';
import { writeSummary } from './summary.js';

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** What GitHub's answer means for a workflow, when a hint helps. */
function hint(status: number): string {
  if (status === 401) return ' Check the github-token input: the token is missing, expired or not a token.';
  if (status === 403) return " Check the workflow's permissions (the check mode needs contents: read) or the rate limit.";
  if (status === 404) return ' The repository (or a configured standards repository) is not visible to the token.';
  return '';
}

export async function reportError(error: unknown, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (error instanceof InputError) {
    core.setFailed(error.message);
    return;
  }
  if (error instanceof ConfigError) {
    // Anyone who can read the workflow run reads this: another repository's configuration is named, not shown.
    const problems = error.problems.map(visibleProblem);
    const file = problems[0]?.file ?? 'the configuration';
    await writeSummary(
      [
        '### assure: the configuration cannot be used',
        '',
        `The configuration (\`${cell(file)}\`, read from the default branch, never from a pull request) has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:`,
        '',
        '| Where | Problem |',
        '| --- | --- |',
        ...problems.map((p) => `| ${cell(p.file)}${p.line ? `:${p.line}` : ''} | ${cell(p.message, 1000)} |`),
        '',
        'Fix it on the default branch (the keys are described in docs/app.md), then re-run this job.',
        '',
      ].join('\n'),
      env,
    );
    core.setFailed(`The assure configuration cannot be used (read from the default branch):\n${problems.map(formatConfigProblem).join('\n')}`);
    return;
  }
  if (error instanceof ArtefactSourceError) {
    core.setFailed(`The standards could not be read, so nothing was decided: ${firstLine(error.message)}`);
    return;
  }
  const e = error as { status?: unknown; message?: unknown; stack?: unknown } | null;
  const message = firstLine(typeof e?.message === 'string' ? e.message : String(error));
  if (typeof e?.stack === 'string') core.debug(e.stack);
  if (typeof e?.status === 'number') {
    core.setFailed(`assure could not finish: GitHub answered ${e.status}: ${message}.${hint(e.status)}`);
    return;
  }
  core.setFailed(`assure could not finish: ${message}`);
}
