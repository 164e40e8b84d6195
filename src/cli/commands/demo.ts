// `launch demo [--fast] [--keep] [--events FILE] [--timeout S]`: a complete run with simulated
// agents in a temporary world, shown live, summarised, cleaned up (src/demo/run-demo.ts).
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { runDemo } from '../../demo/run-demo.js';
import { CliError, EXIT_USAGE, showValue } from '../../util/errors.js';
import { GLOBAL_FLAGS, flagSettings, globalOptions, type CliDeps } from '../context.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const optionsSchema = z.object({
  fast: z.boolean().optional(),
  keep: z.boolean().optional(),
  events: z.string().min(1).optional(),
  timeout: z.string().optional(),
});

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return 300;
  const seconds = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError(
      `--timeout must be a positive number of seconds, got ${showValue(raw)}`,
      EXIT_USAGE,
    );
  }
  return seconds;
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
    .addOption(
      new Option(
        '--timeout <seconds>',
        'give up when the sequence is not complete by then',
      ).default(undefined, '300'),
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
      const controller = new AbortController();
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals): void => {
        signals++;
        if (signals === 1) controller.abort(signal);
        // Cleaning up takes a few seconds; dying half-way would leave the world behind.
        else deps.io.err('launch: stopping the demo and cleaning up; one moment\n');
      };
      for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
      try {
        await runDemo(
          deps,
          {
            fast: options.fast ?? false,
            keep: options.keep ?? false,
            eventsFile: options.events === undefined ? null : resolve(deps.cwd, options.events),
            timeoutSeconds,
          },
          controller.signal,
        );
      } finally {
        for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
      }
    });
}
