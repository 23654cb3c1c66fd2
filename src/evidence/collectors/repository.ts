// Repository files the standards ask for: CODEOWNERS and CONTRIBUTING, present or (observed) absent.
import type { Collector } from '../collector.js';
import type { Fact } from '../types.js';

const NAME = 'repository-files';

const CODEOWNERS = /^(?:\.github\/|docs\/)?CODEOWNERS$/;
const CONTRIBUTING = /^(?:\.github\/|docs\/)?CONTRIBUTING(?:\.md|\.rst|\.txt)?$/i;

export const repositoryFiles: Collector = {
  name: NAME,
  files: ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', 'CONTRIBUTING*', '.github/CONTRIBUTING*', 'docs/CONTRIBUTING*'],
  nocase: true,
  hints: {
    '$.repository.codeowners': 'a CODEOWNERS file (root, .github/ or docs/)',
    '$.repository.contributing': 'a CONTRIBUTING.md file (root, .github/ or docs/)',
  },
  collect(file) {
    const owners = file.text.split('\n').findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    if (CODEOWNERS.test(file.path)) return [{ path: ['repository', 'codeowners'], value: owners !== -1, evidence: { file: file.path, line: owners === -1 ? 1 : owners + 1, collector: NAME, ...(owners === -1 ? { detail: 'CODEOWNERS names no owners' } : {}) } }];
    if (CONTRIBUTING.test(file.path)) return [{ path: ['repository', 'contributing'], value: true, evidence: { file: file.path, line: 1, collector: NAME } }];
    return [];
  },
  conclude(facts) {
    const out = [...facts];
    const absent = (field: string, detail: string): Fact => ({ path: ['repository', field], value: false, evidence: { file: '.', collector: NAME, detail } });
    if (!facts.some((f) => f.path[1] === 'codeowners')) out.push(absent('codeowners', 'no CODEOWNERS file at the root, in .github/ or in docs/'));
    if (!facts.some((f) => f.path[1] === 'contributing')) out.push(absent('contributing', 'no CONTRIBUTING file at the root, in .github/ or in docs/'));
    return out;
  },
};
