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

/** The context with the `config` input's file as the configuration every handler reads. */
export function withConfigPath(ctx: GitHubContext, inputs: Inputs): GitHubContext {
  return { ...ctx, readConfig: contentsConfigReader(ctx.gh, inputs.config) };
}

export async function runCommand(base: GitHubContext, inputs: Inputs, env: ModeEnv): Promise<void> {
  const ctx = withConfigPath(base, inputs);
  const { name, payload } = env.event;
  if (name === 'issue_comment') {
    const result = await onIssueComment(ctx, payload as unknown as IssueCommentPayload, { loadExemptions: env.deps.loadExemptions });
    core.setOutput('command', result.handled ? result.command : '');
    logInfo(result.handled ? `assure: handled /${result.command}${result.duplicate ? ' (already recorded)' : ''}` : `assure: nothing to do (${result.why})`);
    return;
  }
  if (name === 'issues') {
    const outcome = await onIssues(ctx, payload as unknown as IssuesPayload);
    core.setOutput('command', '');
    core.info(`assure: issue ${(payload as { action?: string }).action ?? ''}: ${outcome}`);
    return;
  }
  throw new InputError(`mode command handles issue_comment (and issues) events; this workflow ran on ${name || 'an unknown event'}: see examples/workflows/assure-commands.yml`);
}
