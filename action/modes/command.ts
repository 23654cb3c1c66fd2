// mode: command (on issue_comment, and issues for labels and edits): the App's slash commands and guards,
// through the same handlers. Deciders are recognised by team membership when the token can read it
// (deciders: teams), otherwise by the configuration's deciders.approvers list; each reply says which.
import * as core from '@actions/core';
import type { GitHubContext } from '../../github/context.js';
import { onIssueComment, onIssues, type IssueCommentPayload, type IssuesPayload } from '../../github/handlers.js';
import { contentsConfigReader } from '../../github/config/reader.js';
import { InputError, type Inputs } from '../inputs.js';
import { logInfo } from '../log.js';
import type { ModeEnv } from '../types.js';

export async function runCommand(ctx: GitHubContext, inputs: Inputs, env: ModeEnv): Promise<void> {
  // The `config` input's file is the configuration every handler reads.
  const deps = { loadExemptions: env.deps.loadExemptions, readConfig: contentsConfigReader(ctx.gh, inputs.config) };
  const { name, payload } = env.event;
  if (name === 'issue_comment') {
    const result = await onIssueComment(ctx, payload as unknown as IssueCommentPayload, deps);
    core.setOutput('command', result.handled ? result.command : '');
    logInfo(result.handled ? `assure: handled /${result.command}${result.duplicate ? ' (already recorded)' : ''}` : `assure: nothing to do (${result.why})`);
    return;
  }
  if (name === 'issues') {
    const outcome = await onIssues(ctx, payload as unknown as IssuesPayload, deps);
    core.setOutput('command', '');
    core.info(`assure: issue ${(payload as { action?: string }).action ?? ''}: ${outcome}`);
    return;
  }
  throw new InputError(`mode command handles issue_comment (and issues) events; this workflow ran on ${name || 'an unknown event'}: see examples/workflows/assure-commands.yml`);
}
