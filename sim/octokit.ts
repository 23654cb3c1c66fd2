// Probot's Octokit for the local GitHub: its retry and throttling plugins kept (5xx answers and rate
// limits are still waited out), but writes not spaced a second or more apart, since the local GitHub
// has no secondary limits to respect.
import { ProbotOctokit } from 'probot';
import { UNSPACED } from '../github/client.js';

export const LocalProbotOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object | undefined), write: UNSPACED, notifications: UNSPACED },
}));
