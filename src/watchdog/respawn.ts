// `launch watchdog --respawn`: runs the watchdog as a child process and starts it again when it dies
// unasked (see respawn-policy.ts), so one crash does not cost the rest of the night. What `launch
// start` runs as a detached process of its own (respawn-detached.ts); under systemd,
// `Restart=on-failure` does this job instead. Stop signals are passed on to the watchdog, which
// finishes its tick and exits; then so does this. With `adopt`, the first watchdog is one whose
// respawner was killed (respawn-adopt.ts). Its pid, its child and its pauses are in respawner.json.
import { execa, type ResultPromise } from 'execa';
import { heldLedgerFor } from '../adapters/held-ledger.js';
import { readLockHolder } from '../adapters/watchdog-lock.js';
import { onStopSignals } from '../util/stop-signals.js';
import { awaitAdopted, RESPAWNER_PID_ENV } from './respawn-adopt.js';
import { afterChildExit, type ChildExit, type RespawnDecision } from './respawn-policy.js';
import { clearRespawnerRecord, writeRespawnerRecord } from './respawn-record.js';
import { toIso } from './time.js';

export interface RespawnOptions {
  /** The watchdog's argv after the node executable: the launch script and its arguments. */
  readonly argv: readonly string[];
  readonly logDir: string;
  readonly cwd: string;
  readonly now: () => number;
  /** A line for whoever watches the pane. */
  readonly say: (line: string) => void;
  /** pid of a running watchdog to take over instead of starting one (its respawner was killed). */
  readonly adopt?: number;
}

export async function runRespawning(
  options: RespawnOptions,
): Promise<{ readonly code: number; readonly why: string }> {
  let stopping = false;
  let child: ResultPromise | null = null;
  let adopted = options.adopt ?? null;
  const respawnerStartedAt = toIso(options.now());
  const record = (watchdogPid: number | null, nextStartAt: string | null): void =>
    writeRespawnerRecord(options.logDir, {
      startedAt: respawnerStartedAt,
      watchdogPid,
      nextStartAt,
    });
  let wakeFromPause: (() => void) | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    stopping = true;
    child?.kill(signal);
    if (adopted !== null) {
      try {
        process.kill(adopted, signal);
      } catch {
        // already gone
      }
    }
    wakeFromPause?.();
  };
  const stopListening = onStopSignals(onSignal);
  try {
    let failures = 0;
    for (;;) {
      const startedAt = options.now();
      let exit: ChildExit;
      if (adopted !== null) {
        record(adopted, null);
        exit = await awaitAdopted(adopted, options.logDir, () => stopping);
        adopted = null;
      } else {
        child = execa(process.execPath, [...options.argv], {
          cwd: options.cwd,
          stdio: 'inherit',
          reject: false,
          // A stop passed on must let the watchdog finish its tick and its deliveries (execa would
          // SIGKILL it 5 s after the SIGTERM): `launch stop` forces it only after its own timeout.
          forceKillAfterDelay: false,
          env: { [RESPAWNER_PID_ENV]: String(process.pid) },
        });
        record(child.pid ?? null, null);
        const result = await child;
        child = null;
        exit = { code: result.exitCode ?? null, signal: result.signal ?? null };
      }
      const holder = readLockHolder(options.logDir);
      const decision: RespawnDecision = afterChildExit({
        exit,
        stopping,
        otherHolder: holder === null ? null : holder.pid,
        ranMs: options.now() - startedAt,
        failures,
      });
      if (decision.kind === 'exit') return decision;
      failures = decision.failures;
      const seconds = decision.delayMs / 1000;
      record(null, toIso(options.now() + decision.delayMs));
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
    clearRespawnerRecord(options.logDir);
  }
}
