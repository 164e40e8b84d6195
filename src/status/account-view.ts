// The shared account windows of a run's sessions, for `launch status` (one line per account under
// the table, `accounts` in --json): read from the machine's state dir, never from the watchdog.
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { roleAccounts } from '../fleet/role-accounts.js';
import { describeAccountWindow, readAccountListing } from '../fleet/account-windows.js';
import { launchStateDir } from '../fleet/state-dir.js';
import { stripTerminalControls } from '../util/terminal-text.js';

export interface AccountView {
  /** `claude:~/.claude`, `claude/work`. */
  readonly account: string;
  readonly state: 'limited' | 'lifted';
  /** When the account's one probe goes (ISO-8601); the parked sessions show it as limitedUntil. */
  readonly until: string;
  readonly resetAt: string | null;
  /** The session that owns the probe, `run:role`. */
  readonly probeBy: string;
  readonly probes: number;
  /** Other runs with a session parked or not yet resumed. */
  readonly parkedRuns: number;
  /** The line `launch status` prints. */
  readonly line: string;
}

export function accountViews(
  settings: Settings,
  roles: readonly Role[],
  env: Readonly<Record<string, string | undefined>>,
  zone: string,
  now: Date,
): AccountView[] {
  const stateDir = launchStateDir(env);
  const keys = new Set(
    Object.values(roleAccounts(settings, roles, env)).flatMap((identity) =>
      identity ? [identity.key] : [],
    ),
  );
  const views: AccountView[] = [];
  for (const key of keys) {
    const listing = readAccountListing(stateDir, key, now.getTime());
    if (listing === null) continue;
    const { window } = listing;
    views.push({
      account: window.label,
      state: window.state,
      until: window.until,
      resetAt: window.resetAt,
      probeBy: `${window.probe.owner.name}:${window.probe.owner.role}`,
      probes: window.probe.probes,
      parkedRuns: listing.parkedRuns,
      // The file is written by other processes: shown to a person without terminal escapes.
      line: stripTerminalControls(describeAccountWindow(listing, zone)),
    });
  }
  return views;
}
