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
