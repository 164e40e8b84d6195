// The handoff cursor a fresh `launch start` sets before any agent runs. The agents start before the
// watchdog, and the watchdog's first look takes whatever origin/main holds as its silent baseline:
// a claim an agent pushed in between would never be pinged. Taking the baseline here, first, means
// every commit the agents push is new to the watchdog.
import { appendEvents } from '../adapters/ledger.js';
import type { GitObserver } from '../adapters/git.js';
import { readState, writeState } from '../adapters/state-store.js';

/**
 * Sets the cursor to origin/main's head and logs `handoff-baseline`; returns the head, or null
 * when git could not say (the watchdog's first look then baselines, as before).
 */
export async function baselineHandoffs(
  logDir: string,
  git: GitObserver,
  now: Date,
): Promise<string | null> {
  const state = readState(logDir);
  if (!state.ok) return null;
  const observed = await git.observe(null);
  if (observed.kind !== 'ok') return null;
  // INBOX hashes stay empty: the watchdog's first look pings an INBOX already there, as before.
  writeState(logDir, {
    ...state.value,
    handoff: { ...state.value.handoff, lastSha: observed.head },
  });
  appendEvents(logDir, [
    {
      ts: now.toISOString(),
      type: 'handoff-baseline',
      head: observed.head,
      reason: 'launch start: origin/main before the agents start',
    },
  ]);
  return observed.head;
}
