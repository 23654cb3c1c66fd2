// `assure`: the engine on a laptop or in any CI. Each command is one module; this file only routes.
import { check, checkHelp } from './commands/check.js';
import { init } from './commands/init.js';
import { list } from './commands/list.js';
import { explain } from './commands/explain.js';
import { lintPolicies, testPolicies } from './commands/policies.js';
import { schema } from './commands/schema.js';
import { sweep } from './commands/sweep.js';
import { register } from './commands/register.js';
import { EXIT_INPUT, EXIT_OK, processOutput, UsageError, type Output } from './io.js';

type Command = (argv: string[], io: Output) => Promise<number>;

const commands: Record<string, Command> = {
  check,
  init,
  list,
  explain,
  'lint-policies': lintPolicies,
  'test-policies': testPolicies,
  schema,
  sweep,
  register,
};

const usage = `Usage: assure <command> [options]

Commands:
  check [MANIFEST]        check a design manifest against the standards (default design.yml)
  init [FILE]             write a commented starter manifest (never overwrites)
  list                    list the artefacts in use
  explain ID              explain an artefact: why, scope, rules, how to comply
  lint-policies DIR       check a folder of artefacts
  test-policies DIR       run a folder of artefacts' tests
  schema [WHICH]          print a JSON Schema: manifest, artefact, report or config
  sweep                   expire exemptions, send reminders, keep the register (GitHub)
  register                print the exemptions register: markdown, csv or json (GitHub)

Run \`assure <command> --help\` for a command's options.
Exit codes: 0 compliant, 1 not compliant (or checks failed), 2 usage or input error.
`;

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return name ? EXIT_OK : EXIT_INPUT;
  }
  if (name === '--version') {
    const { packageVersion } = await import('../src/index.js');
    io.out(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`assure: unknown command "${name}"; run \`assure --help\`\n`);
    return EXIT_INPUT;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`assure ${name}: ${error.message}\n`);
      return EXIT_INPUT;
    }
    // Never a stack trace: say what failed, and exit as an input error.
    io.err(`assure ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INPUT;
  }
}

export { checkHelp };
