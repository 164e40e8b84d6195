// The agent roles and the tmux session names derived from the settings. Roles are data (team.ts):
// `Role` is any role name; ROLES are the three default roles, used when the config names no team.
import type { Settings } from './fields.js';
import { DEFAULT_ROLE_NAMES, defaultSessionName, type RoleName } from './team.js';

export const ROLES = DEFAULT_ROLE_NAMES;
/** One of the three default roles (what `Role` was before teams). */
export type DefaultRole = (typeof ROLES)[number];
/** A role's name: one of ROLES by default, any configured role name otherwise. */
export type Role = RoleName;

type NamingSettings = Pick<Settings, 'sessionPrefix' | 'orchSession'> & {
  readonly roles?: Settings['roles'];
};

export function sessionName(settings: NamingSettings, role: Role): string {
  const configured = settings.roles?.find((candidate) => candidate.name === role);
  return configured?.session ?? defaultSessionName(settings, role);
}

export function watchdogSessionName(settings: Pick<Settings, 'sessionPrefix'>): string {
  return `${settings.sessionPrefix}-watchdog`;
}

/** Working directory of each role's session. */
export function roleDir(
  settings: Pick<Settings, 'builderDir' | 'advDir' | 'planDir'> & {
    readonly roles?: Settings['roles'];
  },
  role: Role,
): string {
  const configured = settings.roles?.find((candidate) => candidate.name === role);
  if (configured) return configured.dir;
  switch (role) {
    case 'builder':
      return settings.builderDir;
    case 'adversary':
      return settings.advDir;
    default:
      return settings.planDir;
  }
}
