// Turns an error nothing caught (an uncaught exception, an unhandled rejection) into an orderly stop
// instead of a silent death in the night: the loop is asked to end as a signal would ask it, so the
// state is written, `watchdog-stopped` says why in the ledger and the notifiers hear of it; then the
// process exits 1, which a service manager (`Restart=on-failure`) answers by starting it again. A stop
// that does not finish in time is forced, so a wedged process never lingers. A file write the disk
// refused (full, read-only, immutable) is reported and survived instead: a full disk never ends the
// run (the writes that matter hold their data in memory, see durable-writer.ts).

export interface CrashGuardOptions {
  /** Asks the loop to end, with the reason `watchdog-stopped` will carry. */
  readonly stop: (reason: string) => void;
  /** Logs each error (a second one during the stop is reported too, never acted on twice). */
  readonly report: (error: Error) => void;
  /** How long the orderly stop may take before the process is ended with exit code 1. */
  readonly forceAfterMs: number;
  readonly exit?: (code: number) => void;
  /** Errors reported but never acted on (default: a write the disk refused, see isDiskFault). */
  readonly survivable?: (error: Error) => boolean;
}

const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EPERM', 'EACCES', 'EIO', 'EFBIG']);
const FILE_CALLS = new Set([
  'open',
  'write',
  'writev',
  'rename',
  'unlink',
  'fsync',
  'close',
  'ftruncate',
  'mkdir',
  'copyfile',
]);

/** Whether an error is a file write the disk refused (rather than a bug). */
export function isDiskFault(error: Error): boolean {
  const { code, syscall } = error as NodeJS.ErrnoException;
  return (
    code !== undefined && DISK_CODES.has(code) && syscall !== undefined && FILE_CALLS.has(syscall)
  );
}

export interface CrashGuard {
  /** The first error caught, or null. */
  readonly crash: () => Error | null;
  readonly dispose: () => void;
}

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
const CRASHED = 'crashed: ';

/** Whether a `watchdog-stopped` reason says the watchdog stopped after an error nothing caught. */
export const isCrashReason = (reason: string): boolean => reason.startsWith(CRASHED);

export function installCrashGuard(options: CrashGuardOptions): CrashGuard {
  let first: Error | null = null;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const onCrash = (cause: unknown): void => {
    const error = cause instanceof Error ? cause : new Error(String(cause));
    options.report(error);
    if ((options.survivable ?? isDiskFault)(error)) return;
    if (first !== null) return;
    first = error;
    options.stop(`${CRASHED}${error.message}`);
    // unref: when the stop finishes, the process ends by itself and this never fires.
    setTimeout(() => exit(1), options.forceAfterMs).unref();
  };
  for (const event of EVENTS) process.on(event, onCrash);
  return {
    crash: () => first,
    dispose: () => {
      for (const event of EVENTS) process.off(event, onCrash);
    },
  };
}
