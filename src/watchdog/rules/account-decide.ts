// Wires the account rules into one decide pass: the windows the snapshot brought, changed as this
// tick's sessions change them (a Builder limited now parks its Adversary in the same tick), and each
// change turned into an `account-update` action for act to publish.
import type { Role } from '../../config/roles.js';
import { applyAccountChange, sameSession, type AccountWindow } from '../../fleet/account-window.js';
import { toIso } from '../time.js';
import type { Action, DecideSettings, LedgerEvent, Snapshot } from '../types.js';
import { accountFollow, accountHold, type AccountContext } from './account.js';
import type { SessionContext, SessionOutcome } from './session.js';

interface View {
  readonly window: AccountWindow | null;
  readonly ownerAlive: boolean;
}

export interface AccountQuota {
  /** One session's outcome: the account's hold, else its own rules followed by the account's. */
  readonly rule: (role: Role, context: SessionContext, own: () => SessionOutcome) => SessionOutcome;
  /** The role's account is limited by another session: it is not (re)started now. */
  readonly parks: (role: Role) => boolean;
}

/** null when the run shares no quota (no settings, or the windows were not looked at). */
export function accountQuota(
  snapshot: Snapshot,
  settings: DecideSettings,
  events: LedgerEvent[],
): AccountQuota | null {
  const quota = settings.quota;
  if (quota === undefined || snapshot.accounts === undefined) return null;
  const views = new Map<string, View>();
  for (const observed of snapshot.accounts) {
    views.set(observed.key, { window: observed.window, ownerAlive: observed.ownerAlive });
    if (observed.movedAside)
      events.push({
        ts: toIso(snapshot.now),
        type: 'account-file-moved-aside',
        account: observed.label,
        file: observed.movedAside.file,
        to: observed.movedAside.to,
        reason: `${observed.movedAside.file} was not an account window (${observed.movedAside.reason}): moved aside to ${observed.movedAside.to}, read as no window`,
      });
  }
  return {
    parks(role) {
      const identity = quota.accounts[role];
      const window = identity === undefined ? null : (views.get(identity.key)?.window ?? null);
      return (
        window !== null &&
        window.state === 'limited' &&
        !sameSession(window.probe.owner, { run: quota.self.run, role })
      );
    },
    rule(role, sessionContext, own) {
      const identity = quota.accounts[role];
      if (identity === undefined) return own();
      const view = views.get(identity.key) ?? { window: null, ownerAlive: true };
      const who = { ...quota.self, role };
      const context: AccountContext = {
        identity,
        who,
        window: view.window,
        ownerAlive: view.ownerAlive,
        resumeGap: quota.resumeGap,
        settings,
      };
      const held = accountHold(
        context,
        sessionContext.observation,
        sessionContext.record,
        snapshot.now,
        sessionContext.phaseIndex,
      );
      const outcome =
        held ??
        accountFollow(
          context,
          sessionContext.observation,
          sessionContext.record,
          own(),
          snapshot.now,
        );
      // This tick's later sessions see the window as these changes leave it (the stale owner counts
      // as gone, so a take-over applies here as it will on disk).
      const stale = view.ownerAlive ? null : (view.window?.probe.owner.pid ?? null);
      let window = view.window;
      const updates: Action[] = [];
      for (const change of outcome.changes) {
        window = applyAccountChange(
          window,
          change,
          who,
          snapshot.now,
          identity,
          (pid) => pid !== stale,
        );
        updates.push({ kind: 'account-update', role, account: identity, change });
      }
      views.set(identity.key, {
        window,
        ownerAlive: stale === null || window?.probe.owner.pid !== stale,
      });
      return {
        record: outcome.record,
        actions: [...outcome.actions, ...updates],
        events: outcome.events,
      };
    },
  };
}
