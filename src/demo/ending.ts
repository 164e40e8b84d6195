// How a demo run ends (completed, failed with a reason and context, or stopped by a signal), and
// the stoppable pause its loops use.
import { EXIT_RUNTIME } from '../util/errors.js';

export type Ending =
  | { readonly kind: 'complete' }
  | {
      readonly kind: 'failed';
      readonly reason: string;
      readonly context: readonly string[];
      readonly exitCode: number;
    }
  | { readonly kind: 'interrupted'; readonly signal: NodeJS.Signals };

export const failed = (
  reason: string,
  context: readonly string[] = [],
  exitCode = EXIT_RUNTIME,
): Ending => ({
  kind: 'failed',
  reason,
  context,
  exitCode,
});

/** Sleeps, or returns early when the demo is stopped. */
export function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}

export const interrupted = (stop: AbortSignal): Ending => ({
  kind: 'interrupted',
  signal: (typeof stop.reason === 'string' ? stop.reason : 'SIGINT') as NodeJS.Signals,
});

/** How often the live view refreshes and the run is checked. */
export const POLL_MS = 300;
