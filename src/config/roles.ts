// The agent roles and the tmux session names derived from the settings.
import type { Settings } from './fields.js';

export const ROLES = ['builder', 'adversary', 'orchestrator'] as const;
export type Role = (typeof ROLES)[number];

const SUFFIX: Record<Role, string> = {
  builder: 'builder',
  adversary: 'adv',
  orchestrator: 'orchestrator',
};

type NamingSettings = Pick<Settings, 'sessionPrefix' | 'orchSession'>;

export function sessionName(settings: NamingSettings, role: Role): string {
  if (role === 'orchestrator' && settings.orchSession) return settings.orchSession;
  return `${settings.sessionPrefix}-${SUFFIX[role]}`;
}

export function watchdogSessionName(settings: Pick<Settings, 'sessionPrefix'>): string {
  return `${settings.sessionPrefix}-watchdog`;
}

/** Working directory of each role's session. */
export function roleDir(
  settings: Pick<Settings, 'builderDir' | 'advDir' | 'planDir'>,
  role: Role,
): string {
  switch (role) {
    case 'builder':
      return settings.builderDir;
    case 'adversary':
      return settings.advDir;
    case 'orchestrator':
      return settings.planDir;
  }
}
