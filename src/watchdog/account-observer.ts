// The shared account windows as a source of the snapshot (observer) and the place decide's
// `account-update` actions are published (act). The decisions stay in rules/account.ts.
import { basename } from 'node:path';
import { readEntryMirror } from '../fleet/registry.js';
import { roleAccounts } from '../fleet/role-accounts.js';
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { type AccountIdentity } from '../fleet/account-identity.js';
import {
  accountFile,
  isAlive,
  readAccountFile,
  updateAccountWindow,
} from '../fleet/account-windows.js';
import type { AccountObservation, QuotaSettings } from './rules/account.js';
import type { Action } from './types.js';

export type AccountUpdateAction = Extract<Action, { kind: 'account-update' }>;

export interface AccountQuotaPort {
  readonly settings: QuotaSettings;
  /** Every account this run's sessions spend, as its file says now. */
  readonly observe: (now: number) => AccountObservation[];
  /** Publishes one change; a failure is returned as a sentence (the next tick re-reconciles). */
  readonly publish: (action: AccountUpdateAction, now: number) => string | null;
}

/** Who this run is and each role's account, from its settings and the watchdog's environment. */
export function quotaSettings(
  settings: Settings,
  roles: readonly Role[],
  env: Readonly<Record<string, string | undefined>>,
  pid: number,
): QuotaSettings {
  const accounts = roleAccounts(settings, roles, env);
  return {
    // The name `launch ls` shows (the registry's, with --name), else the plan dir's folder.
    self: {
      run: settings.logDir,
      name: readEntryMirror(settings.logDir)?.name ?? basename(settings.planDir),
      pid,
    },
    accounts,
    resumeGap: settings.accountResumeGap,
  };
}

export function createAccountQuota(stateDir: string, quota: QuotaSettings): AccountQuotaPort {
  const identities = new Map<string, AccountIdentity>();
  for (const identity of Object.values(quota.accounts))
    if (identity) identities.set(identity.key, identity);
  return {
    settings: quota,
    observe(now) {
      return [...identities.values()].map((identity) => {
        const read = readAccountFile(accountFile(stateDir, identity.key), now);
        const window = read.kind === 'window' ? read.window : null;
        const owner = window?.probe.owner;
        return {
          key: identity.key,
          label: identity.label,
          window,
          ownerAlive: owner === undefined || owner.run === quota.self.run || isAlive(owner.pid),
          movedAside:
            read.kind === 'moved-aside'
              ? { file: read.file, to: read.to, reason: read.reason }
              : null,
        };
      });
    },
    publish(action, now) {
      const updated = updateAccountWindow(
        stateDir,
        action.account,
        action.change,
        { ...quota.self, role: action.role },
        now,
      );
      return updated.ok ? null : updated.error;
    },
  };
}
