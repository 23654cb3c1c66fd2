// `assure`: the engine on a laptop or in any CI. This file only routes.
// Each command is one module, loaded when it runs: `check` never loads the GitHub client that only
// `sweep` and `register` need, and start-up pays only for the command asked for.
import { EXIT_INPUT, EXIT_OK, processOutput, UsageError, type Output } from './io.js';


type Command = (argv: string[], io: Output) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check.js')).check,
  init: async () => (await import('./commands/init.js')).init,
  facts: async () => (await import('./commands/facts.js')).facts,
  list: async () => (await import('./commands/list.js')).list,
  explain: async () => (await import('./commands/explain.js')).explain,
  'lint-policies': async () => (await import('./commands/policies.js')).lintPolicies,
  'test-policies': async () => (await import('./commands/policies.js')).testPolicies,
  schema: async () => (await import('./commands/schema.js')).schema,
  sweep: async () => (await import('./commands/sweep.js')).sweep,
  register: async () => (await import('./commands/register.js')).register,
};

const usage = `Usage: assure <command> [options]

Commands:
  check [MANIFEST]        check a design manifest against the standards (default design.yml)
  init [FILE]             write a commented starter manifest (never overwrites);
                          --from-repo [DIR] fills it from the repository's files
  facts [DIR]             print what the repository's files show, with file and line
  list                    list the artefacts in use
  explain ID              explain an artefact: why, scope, rules, how to comply
  lint-policies DIR       check a folder of artefacts
  test-policies DIR       run a folder of artefacts' tests
  schema [WHICH]          print a JSON Schema: manifest, artefact, collector, report or config
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
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.err(`assure: unknown command "${name}"; run \`assure --help\`\n`);
    return EXIT_INPUT;
  }
  try {
    const command = await load();
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

