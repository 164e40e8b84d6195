// The commander program: global flags and one registration per command file.
import { Command, Option } from 'commander';
import { registerClassify } from './commands/classify.js';
import { registerDemo } from './commands/demo.js';
import { registerDoctor } from './commands/doctor.js';
import { registerEvents } from './commands/events.js';
import { registerInit } from './commands/init.js';
import { registerLogs } from './commands/logs.js';
import { registerPhases } from './commands/phases.js';
import { registerService } from './commands/service.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerStop } from './commands/stop.js';
import { registerWatchdog } from './commands/watchdog.js';
import { GLOBAL_FLAGS, type CliDeps } from './context.js';

export const VERSION = '0.1.0';

export function createProgram(deps: CliDeps): Command {
  const program = new Command('launch')
    .description(
      'Keep AI coding-agent loops running unattended in tmux: Builder, Adversary, Orchestrator and a watchdog.',
    )
    .version(VERSION, '-V, --version')
    .option('--verbose', 'show stack traces for errors')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => deps.io.out(text),
      writeErr: (text) => deps.io.err(text),
      outputError: (text, write) => write(`launch: ${text.replace(/^error: /, '')}`),
    })
    .exitOverride();
  for (const { flag, help } of GLOBAL_FLAGS) program.addOption(new Option(flag, help));
  program.addHelpText(
    'after',
    '\nSettings come from defaults < <plan dir>/launch.config.json < environment < flags.\n' +
      'Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.\n',
  );

  registerInit(program, deps);
  registerStart(program, deps);
  registerStop(program, deps);
  registerStatus(program, deps);
  registerLogs(program, deps);
  registerEvents(program, deps);
  registerWatchdog(program, deps);
  registerPhases(program, deps);
  registerClassify(program, deps);
  registerDoctor(program, deps);
  registerService(program, deps);
  registerDemo(program, deps);
  return program;
}
