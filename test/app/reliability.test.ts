// Faults placed exactly where they once did harm, against the real App server and the local GitHub:
// a re-check lost after an approval, a second exception issue after a failed update, and a stale list
// of exemptions cached after a decision.
import { describe, expect, it } from 'vitest';
import { CASES, playCase } from '../../scripts/loadtest/repro.js';

describe('the App where GitHub failed it before', () => {
  it.each(Object.keys(CASES))('%s: the App gets it right', async (name) => {
    const outcome = await playCase(name);
    expect(outcome.reproduced, outcome.lines.join('\n')).toBe(false);
    expect(outcome.rejected).toBe(0);
  }, 60_000);
});
