// `npm start` plays the whole story; it must hold end to end, through the real App server over HTTP.
import { describe, expect, it } from 'vitest';
import { playStory } from '../scripts/demo/story.js';

describe('the story npm start plays', () => {
  it('fails, asks, refuses self-approval, approves, turns green, expires, fails again, and sweeps idempotently', async () => {
    const lines: string[] = [];
    const outcome = await playStory((line) => lines.push(line));
    expect(outcome.failures).toEqual([]);
    expect(outcome.rejected).toBe(0);
    expect(lines.filter((l) => l.trim().startsWith('✓')).length).toBeGreaterThanOrEqual(14);
  }, 60_000);
});
