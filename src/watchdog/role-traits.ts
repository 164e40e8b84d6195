// What the pure rules need to know about one role of the team: its client (stall threshold, start-up
// time, dialect name for notices), whether it is an orchestrator (woken, never stall-rebooted) or
// unwatched, and its heartbeat window. Without a team in the settings: today's fixed behaviour.
import type { Backend, Settings } from '../config/fields.js';
import type { Role } from '../config/roles.js';
import type { Route } from '../config/team.js';
import type { RoleKind } from '../config/team-schema.js';

export interface RoleTraits {
  readonly name: Role;
  readonly backend: Backend;
  readonly kind: RoleKind;
  /** false: never stall-rebooted (still healed when dead or wedged). */
  readonly watched: boolean;
  /** Seconds without a sign of life before it is reported stale; null: no heartbeat check. */
  readonly staleAfter: number | null;
  /** Its stall threshold in seconds. */
  readonly stallIdle: number;
  /** Seconds its client takes to draw its first screen. */
  readonly startupGrace: number;
}

export interface TeamFacts {
  /** Each role's traits; absent: every role runs on `backend` (the settings of one-backend runs). */
  readonly team?: readonly RoleTraits[];
  /** Handoff routes; absent: today's claim / review / INBOX rules. */
  readonly routes?: readonly Route[];
}

type TraitSettings = Pick<Settings, 'backend' | 'stallIdle' | 'opencodeStallIdle'> & {
  readonly startupGrace: number;
} & TeamFacts;

/** The stall threshold of a client without a role of its own. */
export function backendStallIdle(
  settings: Pick<Settings, 'stallIdle' | 'opencodeStallIdle'>,
  backend: Backend,
): number {
  return backend === 'opencode' ? settings.opencodeStallIdle : settings.stallIdle;
}

export function traitsOf(settings: TraitSettings, role: Role): RoleTraits {
  const own = settings.team?.find((traits) => traits.name === role);
  if (own) return own;
  return {
    name: role,
    backend: settings.backend,
    kind: role === 'orchestrator' ? 'orchestrator' : 'agent',
    watched: true,
    staleAfter: null,
    stallIdle: backendStallIdle(settings, settings.backend),
    startupGrace: settings.startupGrace,
  };
}

/** The role woken on a schedule: the team's orchestrator-kind role (by default "orchestrator"). */
export function orchestratorRole(settings: TeamFacts & { readonly roles: readonly Role[] }): Role {
  return settings.team?.find((traits) => traits.kind === 'orchestrator')?.name ?? 'orchestrator';
}
