// The commander program: global flags and one registration per command file. A command's module
// (and all it imports) is loaded only when that command runs, or when every command must be known
// (help, a mistyped name): `launch status` should not pay for loading the demo or the HTTP server.
import { Command, Option } from 'commander';
import { GLOBAL_FLAGS, type CliDeps } from './context.js';
import { RUN_FLAG } from './given-flags.js';
import { EXAMPLES } from './examples.js';
import { withExamples } from './help-text.js';
import { HOST_FLAG, hostOption } from '../hosts/host-option.js';

export const VERSION = '0.1.0';

type Register = (program: Command, deps: CliDeps) => void;

/** Every command, in the order help lists them. */
const COMMANDS: readonly { readonly name: string; readonly load: () => Promise<Register> }[] = [
  { name: 'init', load: async () => (await import('./commands/init.js')).registerInit },
  { name: 'start', load: async () => (await import('./commands/start.js')).registerStart },
  { name: 'stop', load: async () => (await import('./commands/stop.js')).registerStop },
  { name: 'status', load: async () => (await import('./commands/status.js')).registerStatus },
  { name: 'ls', load: async () => (await import('./commands/ls.js')).registerLs },
  { name: 'pause', load: async () => (await import('./commands/pause.js')).registerPause },
  { name: 'resume', load: async () => (await import('./commands/pause.js')).registerResume },
  {
    name: 'attach',
    load: async () => (await import('./commands/session-control.js')).registerAttach,
  },
  { name: 'send', load: async () => (await import('./commands/session-control.js')).registerSend },
  {
    name: 'restart',
    load: async () => (await import('./commands/session-control.js')).registerRestart,
  },
  { name: 'answer', load: async () => (await import('./commands/answer.js')).registerAnswer },
  { name: 'logs', load: async () => (await import('./commands/logs.js')).registerLogs },
  { name: 'events', load: async () => (await import('./commands/events.js')).registerEvents },
  {
    name: 'dashboard',
    load: async () => (await import('./commands/dashboard.js')).registerDashboard,
  },
  { name: 'watchdog', load: async () => (await import('./commands/watchdog.js')).registerWatchdog },
  { name: 'phases', load: async () => (await import('./commands/phases.js')).registerPhases },
  { name: 'classify', load: async () => (await import('./commands/classify.js')).registerClassify },
  { name: 'doctor', load: async () => (await import('./commands/doctor.js')).registerDoctor },
  { name: 'service', load: async () => (await import('./commands/service.js')).registerService },
  { name: 'demo', load: async () => (await import('./commands/demo.js')).registerDemo },
  // Internal (hidden from help): what a client's hook / notify program runs.
  { name: 'signal', load: async () => (await import('./commands/signal.js')).registerSignal },
];

const VALUE_FLAGS = new Set<string>([...GLOBAL_FLAGS.map((flag) => flag.name), RUN_FLAG]);
VALUE_FLAGS.add(HOST_FLAG);

/** The command argv names (its first word that is neither a flag nor a global flag's value). */
export function invokedCommand(argv: readonly string[]): string | null {
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--') return argv[index + 1] ?? null;
    if (!word.startsWith('-')) return word;
    if (VALUE_FLAGS.has(word)) index++; // `--plan-dir DIR`: DIR is not the command
  }
  return null;
}

/**
 * The program for `argv`: with a known command, only that command is loaded; otherwise (no
 * command, help, a typo to suggest a fix for) all of them, so help and suggestions list them all.
 */
export async function createProgram(
  deps: CliDeps,
  argv: readonly string[] | null = null,
): Promise<Command> {
  const program = new Command('launch')
    .description(
      'Keep AI coding-agent loops running unattended in tmux: Builder, Adversary, Orchestrator and a watchdog.',
    )
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show stack traces for errors')
    .showSuggestionAfterError(true)
    // Every command's --help lists the global flags (--plan-dir, --log-dir, ...) too.
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => deps.io.out(text),
      writeErr: (text) => deps.io.err(text),
      // One line: commander's "(Did you mean x?)" goes on the same line as the error.
      outputError: (text, write) =>
        write(
          `launch: ${text
            .replace(/^error: /, '')
            .replace(/\n\(Did you mean (.+)\?\)\s*$/, ' (did you mean $1?)\n')}`,
        ),
    })
    .exitOverride();
  for (const { flag, help } of GLOBAL_FLAGS) program.addOption(new Option(flag, help));
  program.addOption(
    new Option(
      `${RUN_FLAG} <name>`,
      'a run on this machine by name, from any folder (`launch ls`)',
    ),
  );
  program.addOption(hostOption());
  program.addHelpText(
    'after',
    '\nSettings come from defaults < <plan dir>/launch.config.json < environment < flags.\n' +
      'Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.\n',
  );

  const invoked = argv === null ? null : invokedCommand(argv);
  const one = COMMANDS.find((command) => command.name === invoked);
  const registers = await Promise.all((one ? [one] : COMMANDS).map((command) => command.load()));
  for (const register of registers) register(program, deps);
  for (const command of program.commands) {
    const examples = EXAMPLES[command.name()];
    if (examples) command.addHelpText('after', withExamples(examples));
  }
  return program;
}
