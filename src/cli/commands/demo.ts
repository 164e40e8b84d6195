// `launch demo [--fast] [--keep] [--events FILE] [--timeout S]`: a complete run with simulated
// agents in a temporary world, shown live, summarised, cleaned up (src/demo/run-demo.ts).
import { accessSync, constants as fsConstants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { runDemo } from '../../demo/run-demo.js';
import { CliError, EXIT_USAGE, showValue } from '../../util/errors.js';
import { onStopSignals } from '../../util/stop-signals.js';
import { GLOBAL_FLAGS, flagSettings, globalOptions, type CliDeps } from '../context.js';

/** About four times what the demo takes on a busy two-core machine. */
const DEFAULT_TIMEOUT_SECONDS = 240;

const optionsSchema = z.object({
  fast: z.boolean().optional(),
  keep: z.boolean().optional(),
  events: z.string().min(1).optional(),
  timeout: z.string().optional(),
});

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError(
      `--timeout must be a positive number of seconds, got ${showValue(raw)}`,
      EXIT_USAGE,
    );
  }
  return seconds;
}

function checkWritableTarget(file: string): void {
  const dir = dirname(file);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, fsConstants.W_OK);
  } catch {
    throw new CliError(
      `--events must name a file in a writable directory, got ${showValue(file)} (${dir} is not one)`,
      EXIT_USAGE,
    );
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new CliError(
      `--events must name a file, got the directory ${showValue(file)}`,
      EXIT_USAGE,
    );
  }
}

export function registerDemo(program: Command, deps: CliDeps): void {
  program
    .command('demo')
    .description(
      'a complete run with simulated agents on real tmux, git and the watchdog, in a temporary world',
    )
    .option('--fast', 'shorter intervals and agent pauses (for tests)')
    .option('--keep', 'leave the world (and, if interrupted, its sessions) for inspection')
    .option('--events <file>', "copy the run's event ledger to FILE before the world is removed")
    .option(
      '--timeout <seconds>',
      `give up when the sequence is not complete by then (default: ${DEFAULT_TIMEOUT_SECONDS})`,
    )
    .action(async (raw: unknown, command: Command) => {
      const given = Object.keys(flagSettings(globalOptions(command)));
      if (given.length > 0) {
        const names = GLOBAL_FLAGS.filter(({ key }) => given.includes(key)).map(({ name }) => name);
        deps.io.err(
          `launch: warning: the demo makes its own world; ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} ignored\n`,
        );
      }
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success)
        throw new CliError(`demo: bad options: ${parsed.error.message}`, EXIT_USAGE);
      const options = parsed.data;
      const timeoutSeconds = parseTimeout(options.timeout);
      const eventsFile = options.events === undefined ? null : resolve(deps.cwd, options.events);
      // Checked before anything is made: the copy is the last step, after a minute of running.
      if (eventsFile !== null) checkWritableTarget(eventsFile);
      const controller = new AbortController();
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        signals++;
        if (signals === 1) controller.abort(signal);
        // Cleaning up takes a few seconds; dying half-way would leave the world behind.
        else if (signal !== 'SIGPIPE')
          deps.io.err('launch: stopping the demo and cleaning up; one moment\n');
      };
      // The reader went away (`launch demo | head`): stop and clean up like on a signal.
      let outputBroken = false;
      const onOutputError = (): void => {
        outputBroken = true;
        onSignal('SIGPIPE');
      };
      const stopListening = onStopSignals(onSignal);
      process.stdout.on('error', onOutputError);
      try {
        await runDemo(
          deps,
          {
            fast: options.fast ?? false,
            keep: options.keep ?? false,
            eventsFile,
            timeoutSeconds,
          },
          controller.signal,
        );
      } finally {
        stopListening();
        // Writes already queued to a broken pipe still report errors after this: keep catching them.
        if (!outputBroken) process.stdout.off('error', onOutputError);
      }
    });
}
