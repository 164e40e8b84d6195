// The status bundle's entry (bin/launch runs it for `launch status …`). A live watchdog of the same
// build, whose process facts match this one's, answers the whole command itself (everything is
// loaded there: src/status/served-status.ts); otherwise status asks the watchdog for its look at
// the panes first (src/status/early-look.ts), then loads the CLI, so the watchdog looks while the
// CLI loads instead of after.
import { guessLogDir, startEarlyLook } from '../status/early-look.js';
import { servedStatus } from '../status/served-status.js';
import type { CliDeps } from './context.js';
import { processIo } from './io.js';

/** The CLI itself (src/cli/main.ts and every module it loads). */
export const loadCli = () => import('./main.js');

export async function main(argv: readonly string[], deps?: CliDeps): Promise<number> {
  if (argv[0] === 'status' && deps === undefined) {
    const args = argv.slice(1);
    const logDir = guessLogDir(args, process.env, process.cwd());
    const serving = process.env.LAUNCH_SERVED_STATUS;
    if (serving !== '0') {
      const io = processIo(process.env);
      const outcome = await servedStatus(logDir, args, process.env, process.cwd(), io);
      if (serving === 'report')
        io.err(
          `launch: status ${outcome.served ? 'served by the watchdog' : `run here (${outcome.why})`}\n`,
        );
      if (outcome.served) {
        for (const [fd, text] of outcome.served.output) (fd === 1 ? io.out : io.err)(text);
        return outcome.served.code;
      }
    }
    if (logDir !== null) await startEarlyLook(logDir);
  }
  const cli = await loadCli();
  return cli.main(argv, deps);
}
