import type { InputProblem } from '../../src/types.js';

/** The configuration cannot be used; each problem names the file, and the line or key where known. */
export class ConfigError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(formatConfigProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatConfigProblem(problem: InputProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}${problem.column ? `:${problem.column}` : ''}` : problem.file;
  return `${where}: ${problem.message}`;
}

/**
 * A problem in a configuration file of another repository (`owner/repo:path`, reached through `_extends`
 * or the organisation's file) is shown by its file alone: the repository checked may not be able to read
 * that file, so neither its keys nor its contents appear on the check.
 */
export function visibleProblem(p: InputProblem): InputProblem {
  if (!/^[^/:\s]+\/[^/:\s]+:/.test(p.file)) return p;
  return { file: p.file, level: p.level, message: `a problem in this configuration file, which is kept in another repository: its details are not shown here. Its owners see them with \`npx assure-design check --config <that file>\`` };
}
