import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { collectFromDirectory, starterManifest } from '../../src/evidence/index.js';
import { parseManifest } from '../../src/index.js';
import { filled, ruleReadPaths } from './coverage.js';

const RAILS = 'test/fixtures/repos/rails-service';

describe('a starter manifest from the evidence', () => {
  it('pre-fills most of what the built-in rules read on the Rails fixture, and is a valid manifest', async () => {
    const starter = starterManifest(await collectFromDirectory(RAILS), 'Register trainee mentors');
    const document = parse(starter) as Record<string, unknown>;
    const read = ruleReadPaths();
    const share = read.filter((p) => filled(document, p)).length / read.length;
    console.log(`init --from-repo on the Rails fixture fills ${Math.round(share * 100)}% of the ${read.length} manifest paths the built-in rules read`);
    expect(share).toBeGreaterThanOrEqual(Number(process.env.MIN_SHARE ?? 0));
    const outcome = parseManifest({ path: 'design.yml', text: starter });
    expect(outcome.problems.filter((p) => p.level === 'error')).toEqual([]);
  }, 60_000);
});
