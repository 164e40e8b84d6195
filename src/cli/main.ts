// Entry point: runs the program, turns errors into one line on stderr and an exit code.
import '../util/zod-setup.js';
import '../util/luxon-setup.js';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { CliError, EXIT_OK, EXIT_RUNTIME, EXIT_USAGE } from '../util/errors.js';
import { packagePath } from '../util/package-root.js';
import type { CliDeps } from './context.js';
import { withGivenFlags } from './given-flags.js';
import { processIo } from './io.js';
import { createProgram, invokedCommand } from './program.js';
import { mayNameHost } from '../hosts/remote-plan.js';

export function processDeps(argv: readonly string[] = []): CliDeps {
  // A watchdog whose output pipe closed keeps its old behaviour (an error, so --respawn restarts it).
  const quietOnClosedPipe = invokedCommand(argv) !== 'watchdog';
  return {
    env: process.env,
    cwd: process.cwd(),
    io: processIo(process.env, { quietOnClosedPipe }),
    now: () => new Date(),
    launchBin: packagePath('bin', 'launch'),
  };
}

export async function main(
  argv: readonly string[],
  deps: CliDeps = processDeps(argv),
): Promise<number> {
  // `launch status box:shop`, `--host box`: the command runs there (loaded only when one may be named).
  if (mayNameHost(argv)) {
    const { dispatchRemote } = await import('../hosts/remote-command.js');
    const remote = await dispatchRemote(argv, deps);
    if (remote !== null) return remote;
  }
  const program = await createProgram({ ...deps, argv }, argv);
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit through here with code 0; parse errors were already printed.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      const message = withGivenFlags(error.message, argv);
      for (const line of message.split('\n')) deps.io.err(`launch: ${line}\n`);
      if (verbose && error.stack) deps.io.err(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    deps.io.err(`launch: ${message}\n`);
    if (verbose && error instanceof Error && error.stack) deps.io.err(`${error.stack}\n`);
    else deps.io.err('launch: (run with --verbose for details)\n');
    return EXIT_RUNTIME;
  }
}

// `node dist/cli/main.js` works too (bin/launch is the usual way in).
// No top-level await: the bundle is CommonJS (see scripts/bundle-cli.mjs).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
