// `launch watchdog --respawn`: runs the watchdog as a child process and starts it again when it dies
// unasked (see respawn-policy.ts), so one crash does not cost the rest of the night. What `launch
// start` runs in <prefix>-watchdog; under systemd, `Restart=on-failure` does this job instead.
// Stop signals are passed on to the watchdog, which finishes its tick and exits; then so does this.
import { execa, type ResultPromise } from 'execa';
import { heldLedgerFor } from '../adapters/held-ledger.js';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { onStopSignals } from '../util/stop-signals.js';
import { afterChildExit, type RespawnDecision } from './respawn-policy.js';
import { toIso } from './time.js';

export interface RespawnOptions {
  /** The watchdog's argv after the node executable: the launch script and its arguments. */
  readonly argv: readonly string[];
  readonly logDir: string;
  readonly cwd: string;
  readonly now: () => number;
  /** A line for whoever watches the pane. */
  readonly say: (line: string) => void;
}

export async function runRespawning(
  options: RespawnOptions,
): Promise<{ readonly code: number; readonly why: string }> {
  let stopping = false;
  let child: ResultPromise | null = null;
  let wakeFromPause: (() => void) | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    stopping = true;
    child?.kill(signal);
    wakeFromPause?.();
  };
  const stopListening = onStopSignals(onSignal);
  try {
    let failures = 0;
    for (;;) {
      const startedAt = options.now();
      child = execa(process.execPath, [...options.argv], {
        cwd: options.cwd,
        stdio: 'inherit',
        reject: false,
      });
      const result = await child;
      child = null;
      const holder = readLockHolder(options.logDir);
      const decision: RespawnDecision = afterChildExit({
        exit: { code: result.exitCode ?? null, signal: result.signal ?? null },
        stopping,
        otherHolder: holder === null ? null : holder.pid,
        ranMs: options.now() - startedAt,
        failures,
      });
      if (decision.kind === 'exit') return decision;
      failures = decision.failures;
      const seconds = decision.delayMs / 1000;
      // Held in memory when the log dir refuses it (a full disk must not end the respawner too);
      // written with the next line that gets through.
      const written = heldLedgerFor(options.logDir).write([
        {
          ts: toIso(options.now()),
          type: 'watchdog-respawned',
          delaySeconds: seconds,
          reason: `the watchdog died (${decision.why}); starting it again in ${seconds}s`,
        },
      ]);
      if (!written.ok)
        options.say(
          `launch: could not write to the ledger (${written.error.message}); ${written.held} line${written.held === 1 ? '' : 's'} held\n`,
        );
      options.say(
        `launch: the watchdog died (${decision.why}); starting it again in ${seconds}s\n`,
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, decision.delayMs);
        wakeFromPause = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeFromPause = null;
      if (stopping) return { code: 0, why: 'asked to stop' };
    }
  } finally {
    stopListening();
  }
}
