import { parse } from '../args.js';
import { connect, GITHUB_HELP, GITHUB_OPTIONS } from '../github-context.js';
import { EXIT_OK, UsageError, type Output } from '../io.js';
import { calendarDate } from '../../src/index.js';
import { exceptionRecords, listExceptionIssues } from '../../github/exceptions/store.js';
import { buildRegister, registerJson } from '../../github/sweep/exemptions-register.js';
import { registerCsv } from '../../github/sweep/register-csv.js';
import { registerMarkdown } from '../../github/sweep/register-markdown.js';

export const registerHelp = `Usage: assure register [--format markdown|csv|json] [options]

Prints the exemptions register: every exemption in force and those ended in the last 90 days, with
repository, artefact, kind, area, requester, approver, conditions, approval date, expiry and days left;
counts by kind, area and artefact; and a Mermaid Gantt chart from each approval to its last day (markdown).
The CSV opens safely in a spreadsheet: text that would run as a formula starts with ', numbers stay numbers.

Options:
  --format FORMAT          markdown (default), csv or json
${GITHUB_HELP}
`;

const FORMATS = { markdown: registerMarkdown, csv: registerCsv, json: registerJson };

export async function register(argv: string[], io: Output): Promise<number> {
  const { values } = parse('register', argv, { ...GITHUB_OPTIONS, format: { type: 'string' } }, 0);
  if (values.help) {
    io.out(registerHelp);
    return EXIT_OK;
  }
  const format = values.format ?? 'markdown';
  if (!Object.hasOwn(FORMATS, format)) throw new UsageError(`--format ${format}: use markdown, csv or json`);
  const { ctx, config } = await connect(values, io, false);
  const entries = exceptionRecords(await listExceptionIssues(ctx, config, false)).map(({ issue, record }) => ({ number: issue.number, url: issue.url, record }));
  const date = calendarDate(ctx.clock.now(), config.time_zone);
  io.out(FORMATS[format as keyof typeof FORMATS](buildRegister(entries, date, config.time_zone)));
  return EXIT_OK;
}
