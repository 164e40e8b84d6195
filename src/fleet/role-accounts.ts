// Each role's account (its own client and account key): what the watchdog's shared quota
// publishes and what `launch status` reads back, from one place.
import type { Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import { roleSpec } from '../config/team.js';
import { accountIdentity, type AccountIdentity } from './account-identity.js';

export function roleAccounts(
  settings: Settings,
  roles: readonly Role[],
  env: Readonly<Record<string, string | undefined>>,
): Partial<Record<Role, AccountIdentity>> {
  const accounts: Partial<Record<Role, AccountIdentity>> = {};
  for (const role of roles) {
    const { backend, account } = roleSpec(settings, role);
    // A sim session without an account key is an account of its own: nothing to share, nothing
    // to publish (no file in the state dir, no account line in status).
    if (backend === 'sim' && !account) continue;
    accounts[role] = accountIdentity({ backend, env, account, logDir: settings.logDir, role });
  }
  return accounts;
}
