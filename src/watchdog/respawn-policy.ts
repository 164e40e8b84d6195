// What `launch watchdog --respawn` does when its watchdog process ends (pure): a clean stop, a
// configuration error or another watchdog holding the lock end the supervisor too; anything else (a
// crash, exit 1, a kill -9, the kernel's OOM killer) starts it again after a pause that grows with
// each quick failure — 2 s, 10 s, 30 s, 1 min, then every 5 min — and shrinks back once a run lasts.
import { EXIT_OK, EXIT_USAGE } from '../util/errors.js';

/** A watchdog under a respawner that got a SIGHUP nobody sent through the respawner (128 + 1). */
export const EXIT_HANGUP = 129;

export const RESPAWN_DELAYS_SECONDS = [2, 10, 30, 60, 300] as const;
/** A run this long was healthy: the next failure starts the delays over. */
export const HEALTHY_RUN_MS = 10 * 60_000;

export interface ChildExit {
  readonly code: number | null;
  /** The signal that ended it, when one did. */
  readonly signal: string | null;
}

export interface AfterExitInput {
  readonly exit: ChildExit;
  /** The supervisor itself was asked to stop (a signal): never start another. */
  readonly stopping: boolean;
  /** Pid of a live watchdog other than ours holding the log dir's lock, or null. */
  readonly otherHolder: number | null;
  readonly ranMs: number;
  /** Quick failures in a row before this one. */
  readonly failures: number;
}

export type RespawnDecision =
  | { readonly kind: 'exit'; readonly code: number; readonly why: string }
  | {
      readonly kind: 'respawn';
      readonly delayMs: number;
      readonly failures: number;
      readonly why: string;
    };

export function describeExit(exit: ChildExit): string {
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  return exit.code === EXIT_HANGUP ? 'hung up (SIGHUP)' : `exit code ${exit.code ?? '?'}`;
}

export function afterChildExit(input: AfterExitInput): RespawnDecision {
  const { exit } = input;
  if (input.stopping) return { kind: 'exit', code: EXIT_OK, why: 'asked to stop' };
  if (exit.signal === null && exit.code === EXIT_OK)
    return { kind: 'exit', code: EXIT_OK, why: 'the watchdog finished' };
  if (exit.signal === null && exit.code === EXIT_USAGE)
    return { kind: 'exit', code: EXIT_USAGE, why: 'a configuration error does not mend itself' };
  if (input.otherHolder !== null)
    return {
      kind: 'exit',
      code: exit.code ?? 1,
      why: `another watchdog is running (pid ${input.otherHolder})`,
    };
  const failures = input.ranMs >= HEALTHY_RUN_MS ? 1 : input.failures + 1;
  const step = Math.min(failures, RESPAWN_DELAYS_SECONDS.length) - 1;
  return {
    kind: 'respawn',
    delayMs: (RESPAWN_DELAYS_SECONDS[step] ?? 300) * 1000,
    failures,
    why: describeExit(exit),
  };
}
