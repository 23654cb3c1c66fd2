// The App's Octokit for the local GitHub: its retry and throttling plugins kept (5xx answers and rate
// limits are still waited out), but writes not spaced a second or more apart, since the local GitHub
// has no secondary limits to respect.
import type { ProbotOctokit } from 'probot';
import { AppOctokit } from '../../app/octokit.js';
import { UNSPACED } from '../../github/client.js';

export const LocalProbotOctokit = AppOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object | undefined), write: UNSPACED, notifications: UNSPACED },
})) as typeof ProbotOctokit;
