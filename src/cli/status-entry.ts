// The status bundle's entry (bin/launch runs it for `launch status …`): asks the run's watchdog for
// its look at the panes first (src/status/early-look.ts), then loads the CLI, so the watchdog
// looks while the CLI loads instead of after.
import { startEarlyLook } from '../status/early-look.js';
import type { CliDeps } from './context.js';

/** The CLI itself (src/cli/main.ts and every module it loads). */
export const loadCli = () => import('./main.js');

export async function main(argv: readonly string[], deps?: CliDeps): Promise<number> {
  if (argv[0] === 'status' && deps === undefined)
    await startEarlyLook(argv.slice(1), process.env, process.cwd());
  const cli = await loadCli();
  return cli.main(argv, deps);
}
