// A local GitHub in its own process for the Action's cold start: the benchmark times `node dist/index.js`
// with a blocking spawn, so the GitHub it talks to cannot live in the benchmark's own event loop.
// Prints one JSON line (the API address, the event file, the token) and serves until stdin closes.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubSim } from '../../sim/github.js';
import { pullRequestEvent } from '../../sim/webhooks.js';
import { packageFile } from '../../src/package-root.js';

const token = 'ghp_benchmark';
const sim = await createGitHubSim({ now: '2026-11-22T10:00:00Z', tokens: [{ token }] });
sim.addRepo({ owner: 'DFE-Digital', name: 'register-trainee-teachers', files: { 'README.md': '# app\n' } });
const pr = sim.openPullRequest({ repo: 'DFE-Digital/register-trainee-teachers', author: 'dev', head: 'feature', files: { 'design.yml': readFileSync(packageFile('examples/compliant-service/design.yml'), 'utf8') } });
const dir = mkdtempSync(join(tmpdir(), 'assure-bench-action-'));
const eventPath = join(dir, 'event.json');
// The checkout the Action reads: the compliant example, its manifest and the evidence beside it.
const workspace = join(dir, 'workspace');
cpSync(packageFile('examples/compliant-service'), workspace, { recursive: true });
writeFileSync(eventPath, JSON.stringify(pullRequestEvent(sim, { repo: 'DFE-Digital/register-trainee-teachers', number: pr.number as number, action: 'opened' }).payload));
process.stdout.write(`${JSON.stringify({ url: sim.url, eventPath, token, dir, workspace })}\n`);
process.stdin.resume();
// The folder goes with the process: nothing is left in the temporary directory.
process.stdin.on('end', () =>
  void sim.close().then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }),
);
