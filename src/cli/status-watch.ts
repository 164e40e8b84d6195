// `launch status -w`: the status view redrawn in place every few seconds until Ctrl-C (exit 0).
// It needs a terminal: piped, a redraw is noise, so it refuses and points at `launch events -f`.
import { CliError, EXIT_USAGE } from '../util/errors.js';
import type { CliIo } from './io.js';

export interface StatusWatch {
  readonly io: CliIo;
  /** One frame: the status text as `launch status` prints it. */
  readonly frame: () => Promise<string>;
  readonly intervalMs: number;
  /** Resolves when the watch should end (Ctrl-C). */
  readonly stopped: Promise<void>;
  /** The `launch events -f` hint for the refusal (with the run's flags). */
  readonly followHint: string;
}

export function refuseWithoutTerminal(io: CliIo, followHint: string): void {
  if (!io.isTTY)
    throw new CliError(
      `status -w redraws in place and needs a terminal; stdout is not one (for a running log use \`${followHint}\`)`,
      EXIT_USAGE,
    );
}

export async function watchStatus(watch: StatusWatch): Promise<void> {
  refuseWithoutTerminal(watch.io, watch.followHint);
  const { InPlaceScreen } = await import('../demo/live-view.js');
  const io = watch.io;
  const screen = new InPlaceScreen(io.out, io.terminalSize ?? (() => ({ columns: 80, rows: 24 })));
  let stop = false;
  void watch.stopped.then(() => (stop = true));
  let wake: (() => void) | null = null;
  void watch.stopped.then(() => wake?.());
  screen.begin();
  try {
    while (!stop) {
      const text = await watch.frame();
      if (stop) break;
      screen.draw([...text.replace(/\n$/, '').split('\n'), '', 'Ctrl-C stops watching']);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, watch.intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    screen.end();
  }
}

/** Resolves on the first SIGINT / SIGTERM (and stops them ending the process meanwhile). */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
